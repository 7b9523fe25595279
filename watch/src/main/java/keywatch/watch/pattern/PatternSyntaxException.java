package keywatch.watch.pattern;

/**
 * The one error a filter pattern can fail to parse with. It says where ({@link #offset()}, a
 * zero-based index into the pattern text) and why, so a user can fix the pattern.
 */
public final class PatternSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final String reason;

  public PatternSyntaxException(int offset, String reason) {
    super("Invalid filter pattern at offset " + offset + ": " + reason);
    this.offset = offset;
    this.reason = reason;
  }

  /** Zero-based character offset in the pattern text where the problem was found. */
  public int offset() {
    return offset;
  }

  /** Why the pattern was rejected, without the position. */
  public String reason() {
    return reason;
  }
}
