package keywatch.kms.protocol;

/**
 * Who made a request, as far as this layer knows: the access key id named in the request's
 * credential scope, the client's address and its User-Agent. (Authentication is the iam module's.)
 */
public record Caller(String accessKeyId, String sourceIpAddress, String userAgent) {}
