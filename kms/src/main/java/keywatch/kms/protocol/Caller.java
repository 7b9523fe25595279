package keywatch.kms.protocol;

import keywatch.iam.principal.Principal;

/**
 * Who made a request, authenticated: the principal, the access key it signed with, the client's
 * address and User-Agent, and the region its signature was scoped to.
 */
public record Caller(Principal principal, String accessKeyId, String sourceIpAddress, String userAgent, String region) {}
