package keywatch.kms.protocol;

/**
 * The outcome of one KMS call, as the HTTP layer sends it and the trail will record it.
 *
 * @param operation the action name, or null if the target named no known action
 * @param errorCode the AWS error code on failure, else null
 */
public record KmsResponse(
    int httpStatus, byte[] body, String requestId, String operation, String errorCode, String errorMessage) {

  public boolean failed() {
    return errorCode != null;
  }
}
