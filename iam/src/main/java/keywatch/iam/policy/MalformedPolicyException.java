package keywatch.iam.policy;

/**
 * A policy document AWS would reject. The message opens with AWS's own sentence where AWS has one
 * (so it can go out as a {@code MalformedPolicyDocumentException} message unchanged) and then says
 * where: the statement, its Sid and the element. {@link #pointer()} gives the place as a JSON
 * Pointer; {@link #sizeLimitExceeded()} tells the caller to answer {@code LimitExceededException},
 * as KMS does for an oversized key policy.
 */
public final class MalformedPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pointer;
    private final boolean sizeLimitExceeded;

    public MalformedPolicyException(String message, String pointer) {
        this(message, pointer, false);
    }

    MalformedPolicyException(String message, String pointer, boolean sizeLimitExceeded) {
        super(message);
        this.pointer = pointer == null ? "" : pointer;
        this.sizeLimitExceeded = sizeLimitExceeded;
    }

    /** Where in the document, as a JSON Pointer ({@code ""} for the whole document). */
    public String pointer() {
        return pointer;
    }

    /** True when the document is over the size limit rather than ill-formed. */
    public boolean sizeLimitExceeded() {
        return sizeLimitExceeded;
    }
}
