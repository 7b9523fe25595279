package keywatch.watch.pattern;

/** A comparison operator of JSON and space-delimited patterns, with its pattern spelling. */
public enum Operator {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** {@code <, <=, >, >=}: only meaningful against numbers. */
  public boolean isOrdering() {
    return this != EQ && this != NE;
  }
}
