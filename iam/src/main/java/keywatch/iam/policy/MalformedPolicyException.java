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

    /** AWS's message when a new key policy would lock the caller out (KMS PutKeyPolicy, CreateKey). */
    public static final String LOCKOUT_MESSAGE =
            "The new key policy will not allow you to update the key policy in the future.";

    private final String pointer;
    private final boolean sizeLimitExceeded;
    private final long charOffset;

    public MalformedPolicyException(String message, String pointer) {
        this(message, pointer, false, -1);
    }

    MalformedPolicyException(String message, String pointer, boolean sizeLimitExceeded) {
        this(message, pointer, sizeLimitExceeded, -1);
    }

    MalformedPolicyException(String message, String pointer, boolean sizeLimitExceeded, long charOffset) {
        super(message);
        this.pointer = pointer == null ? "" : pointer;
        this.sizeLimitExceeded = sizeLimitExceeded;
        this.charOffset = charOffset;
    }

    /** For a JSON syntax error, the character offset where it was found; otherwise -1. */
    public long charOffset() {
        return charOffset;
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
