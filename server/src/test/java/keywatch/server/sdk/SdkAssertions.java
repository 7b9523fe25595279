package keywatch.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Assertions on what the AWS SDK raises for a keywatch error. */
final class SdkAssertions {
  private SdkAssertions() {}

  /**
   * Asserts that {@code call} fails with exactly the SDK exception class {@code type} (the class
   * the SDK picks from the response's {@code __type}), the AWS error code, HTTP 400, and the message.
   * A null {@code message} asserts that the response carried none (as AWS sends for
   * InvalidCiphertextException and the signature and MAC failures).
   */
  static <T extends KmsException> T assertKmsError(ThrowingCallable call, Class<T> type, String errorCode, String message) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the SDK exception").isExactlyInstanceOf(type);
    T e = type.cast(thrown);
    assertThat(e.awsErrorDetails().errorCode()).as("error code").isEqualTo(errorCode);
    assertThat(e.statusCode()).as("HTTP status").isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage()).as("error message").isEqualTo(message);
    assertThat(e.requestId()).as("x-amzn-RequestId").isNotBlank();
    return e;
  }

  /**
   * ValidationException is not in the KMS service model, so the SDK raises the service's base
   * class, {@link KmsException}, with the code "ValidationException".
   */
  static KmsException assertValidation(ThrowingCallable call, String message) {
    return assertKmsError(call, KmsException.class, "ValidationException", message);
  }
}
