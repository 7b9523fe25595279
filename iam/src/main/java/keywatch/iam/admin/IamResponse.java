package keywatch.iam.admin;

/** The outcome of one IAM call: the XML body of AWS's query protocol, and what an audit record needs. */
public record IamResponse(int httpStatus, byte[] body, String requestId, String action, String errorCode,
    String errorMessage) {}
