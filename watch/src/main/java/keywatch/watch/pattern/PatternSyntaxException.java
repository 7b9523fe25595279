package keywatch.watch.pattern;

/** TEMP stand-in: an invalid filter pattern, with the offset where it went wrong. */
public final class PatternSyntaxException extends IllegalArgumentException {
  private final int offset;

  public PatternSyntaxException(String message, int offset) {
    super(message + " at offset " + offset);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
