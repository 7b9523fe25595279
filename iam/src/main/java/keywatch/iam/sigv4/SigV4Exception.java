package keywatch.iam.sigv4;

import java.util.Objects;

/**
 * Why a request was not authenticated, as AWS words it: {@link #errorCode()} is the JSON
 * protocols' {@code __type} (the query protocols' {@code Code}), {@link #getMessage()} AWS's
 * message.
 *
 * <p>Every code answers HTTP 400, as AWS KMS (and the other JSON 1.1 services) do for all of them.
 * Some services (API Gateway, S3) answer 403 instead; keywatch speaks KMS's protocol, so 400.
 *
 * <p>Messages never contain a secret key or a session token: only the access key id, dates, and
 * the caller's own Authorization header where AWS echoes it.
 */
public final class SigV4Exception extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The error codes a verifier can answer, each with its AWS string and HTTP status. */
  public enum Code {
    /** No Authorization header and no X-Amz-Algorithm query parameter. */
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
    /** Malformed Authorization, missing X-Amz-Date, host not signed, unsupported algorithm. */
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    /** Unknown access key id, or a session token that does not belong to it. */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    /** Wrong signature, a request time outside the allowed skew, a bad credential scope. */
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    /** The temporary credential's expiration has passed. */
    EXPIRED_TOKEN("ExpiredTokenException", 400);

    private final String awsName;
    private final int httpStatus;

    Code(String awsName, int httpStatus) {
      this.awsName = awsName;
      this.httpStatus = httpStatus;
    }

    public String awsName() {
      return awsName;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Code code;

  public SigV4Exception(Code code, String message) {
    super(message, null, false, false); // no stack trace: thrown per bad request, never a bug
    this.code = Objects.requireNonNull(code, "code");
  }

  /** AWS's {@code __type}, for example {@code InvalidSignatureException}. */
  public String errorCode() {
    return code.awsName();
  }

  public int httpStatus() {
    return code.httpStatus();
  }

  public Code code() {
    return code;
  }
}
