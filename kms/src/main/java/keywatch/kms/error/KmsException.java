package keywatch.kms.error;

/**
 * Every error keywatch's KMS endpoint returns, one subclass per AWS error {@code __type}.
 *
 * <p>Each type carries the HTTP status AWS KMS uses for it. Messages follow AWS's wording; where
 * AWS sends no message (InvalidCiphertextException, UnknownOperationException) the message is null
 * and the response carries none, so nothing about the failure leaks.
 */
public abstract sealed class KmsException extends RuntimeException {
  private final String type;
  private final int httpStatus;

  private KmsException(String type, int httpStatus, String message) {
    super(message, null, false, false);
    this.type = type;
    this.httpStatus = httpStatus;
  }

  /** The AWS error code, as in the response's {@code __type} and CloudTrail's {@code errorCode}. */
  public String type() {
    return type;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public static final class NotFoundException extends KmsException {
    public NotFoundException(String message) {
      super("NotFoundException", 400, message);
    }
  }

  public static final class DisabledException extends KmsException {
    public DisabledException(String message) {
      super("DisabledException", 400, message);
    }
  }

  public static final class KMSInvalidStateException extends KmsException {
    public KMSInvalidStateException(String message) {
      super("KMSInvalidStateException", 400, message);
    }
  }

  public static final class IncorrectKeyException extends KmsException {
    public IncorrectKeyException(String message) {
      super("IncorrectKeyException", 400, message);
    }
  }

  public static final class InvalidCiphertextException extends KmsException {
    public InvalidCiphertextException() {
      super("InvalidCiphertextException", 400, null);
    }
  }

  public static final class InvalidKeyUsageException extends KmsException {
    public InvalidKeyUsageException(String message) {
      super("InvalidKeyUsageException", 400, message);
    }
  }

  public static final class ValidationException extends KmsException {
    public ValidationException(String message) {
      super("ValidationException", 400, message);
    }
  }

  public static final class SerializationException extends KmsException {
    public SerializationException(String message) {
      super("SerializationException", 400, message);
    }
  }

  public static final class UnknownOperationException extends KmsException {
    public UnknownOperationException() {
      super("UnknownOperationException", 400, null);
    }
  }

  public static final class MissingAuthenticationTokenException extends KmsException {
    public MissingAuthenticationTokenException() {
      super("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }
  }

  public static final class AlreadyExistsException extends KmsException {
    public AlreadyExistsException(String message) {
      super("AlreadyExistsException", 400, message);
    }
  }

  public static final class InvalidAliasNameException extends KmsException {
    public InvalidAliasNameException(String message) {
      super("InvalidAliasNameException", 400, message);
    }
  }

  public static final class InvalidArnException extends KmsException {
    public InvalidArnException(String message) {
      super("InvalidArnException", 400, message);
    }
  }

  public static final class KMSInvalidSignatureException extends KmsException {
    public KMSInvalidSignatureException() {
      super("KMSInvalidSignatureException", 400, null);
    }
  }

  public static final class KMSInvalidMacException extends KmsException {
    public KMSInvalidMacException() {
      super("KMSInvalidMacException", 400, null);
    }
  }

  public static final class MalformedPolicyDocumentException extends KmsException {
    public MalformedPolicyDocumentException(String message) {
      super("MalformedPolicyDocumentException", 400, message);
    }
  }

  public static final class TagException extends KmsException {
    public TagException(String message) {
      super("TagException", 400, message);
    }
  }

  public static final class LimitExceededException extends KmsException {
    public LimitExceededException(String message) {
      super("LimitExceededException", 400, message);
    }
  }

  public static final class UnsupportedOperationException extends KmsException {
    public UnsupportedOperationException(String message) {
      super("UnsupportedOperationException", 400, message);
    }
  }

  public static final class InvalidMarkerException extends KmsException {
    public InvalidMarkerException(String message) {
      super("InvalidMarkerException", 400, message);
    }
  }

  public static final class InvalidGrantTokenException extends KmsException {
    public InvalidGrantTokenException(String message) {
      super("InvalidGrantTokenException", 400, message);
    }
  }

  public static final class InvalidGrantIdException extends KmsException {
    public InvalidGrantIdException(String message) {
      super("InvalidGrantIdException", 400, message);
    }
  }

  /** The request would have succeeded but asked for a dry run; AWS answers 412. */
  public static final class DryRunOperationException extends KmsException {
    public DryRunOperationException() {
      super("DryRunOperationException", 412, "The request would have succeeded, but the DryRun option is set.");
    }
  }

  public static final class KMSInternalException extends KmsException {
    public KMSInternalException(String message) {
      super("KMSInternalException", 500, message);
    }
  }

  public static final class AccessDeniedException extends KmsException {
    public AccessDeniedException(String message) {
      super("AccessDeniedException", 400, message);
    }
  }

  /**
   * The request's signature or credentials failed: UnrecognizedClientException,
   * InvalidSignatureException, ExpiredTokenException, IncompleteSignatureException or
   * MissingAuthenticationTokenException, as the SigV4 verifier decided.
   */
  public static final class NotAuthenticatedException extends KmsException {
    public NotAuthenticatedException(String type, int httpStatus, String message) {
      super(type, httpStatus, message);
    }
  }
}
