package keywatch.iam.sts;

/** The outcome of one STS call: the XML body AWS's query protocol returns, and what the trail needs. */
public record StsResponse(int httpStatus, byte[] body, String requestId, String action, String errorCode,
    String errorMessage, String roleArn, String sessionAccessKeyId) {}
