/**
 * AWS Signature Version 4: verifying that a request was signed with a known access key, and
 * signing requests the way the AWS SDKs do. A pure library: no HTTP server, no storage.
 *
 * <h2>Integrating</h2>
 * <ol>
 *   <li>Build a {@link keywatch.iam.sigv4.SignedRequest} from the request <em>as received</em>:
 *       the method; the path and query still percent-encoded, exactly as on the request line
 *       (with Jetty 12: {@code request.getHttpURI().getPath()} and {@code getQuery()}, not their
 *       decoded forms); every header with every value, in the order received; the whole body.
 *       Behind a proxy, the {@code Host} header must be the one the client signed.
 *   <li>Call {@link keywatch.iam.sigv4.SigV4Verifier#verify(SignedRequest, CredentialLookup,
 *       String, String)} with the server's region and {@code "kms"}: one verifier per server
 *       (it caches derived signing keys), a {@link keywatch.iam.sigv4.CredentialLookup} over the
 *       key store that returns the secret, the session token and the expiration.
 *   <li>On {@link keywatch.iam.sigv4.SigV4Exception}, answer
 *       {@code {"__type": errorCode(), "message": getMessage()}} with {@code httpStatus()}
 *       (400 for every code, as KMS does). Nothing is served unsigned: a request without
 *       credentials is MissingAuthenticationTokenException.
 *   <li>On success, {@link keywatch.iam.sigv4.Verified} names the access key (and the session
 *       token, for temporary credentials), the principal's starting point for authorization.
 * </ol>
 *
 * <h2>Errors, in the order checked</h2>
 * <table>
 *   <caption>Error codes</caption>
 *   <tr><th>code</th><th>when</th></tr>
 *   <tr><td>MissingAuthenticationTokenException</td><td>no Authorization header and no
 *       X-Amz-Algorithm query parameter</td></tr>
 *   <tr><td>IncompleteSignatureException</td><td>Authorization without Credential, SignedHeaders
 *       or Signature, another algorithm, no X-Amz-Date (nor Date), a date not in ISO 8601 basic
 *       format, host not signed, a malformed presigned URL</td></tr>
 *   <tr><td>InvalidSignatureException</td><td>scope terminator or date wrong, region or service
 *       not this server's, request time more than 5 minutes off (presigned: past X-Amz-Expires),
 *       X-Amz-Content-Sha256 not the body's hash (so UNSIGNED-PAYLOAD), signature mismatch</td></tr>
 *   <tr><td>UnrecognizedClientException</td><td>unknown access key; a session token that is not
 *       the key's; a temporary key without its token</td></tr>
 *   <tr><td>ExpiredTokenException</td><td>the credential's expiration has passed</td></tr>
 * </table>
 */
package keywatch.iam.sigv4;
