package keywatch.watch.pattern;

/**
 * A token of a structured (JSON or space-delimited) pattern. {@code text} is the token's value:
 * unescaped content for strings, the body for regexes, the raw text otherwise.
 */
record Token(Type type, String text, int offset, int end) {
  enum Type {
    LBRACE("'{'"),
    RBRACE("'}'"),
    LBRACKET("'['"),
    RBRACKET("']'"),
    LPAREN("'('"),
    RPAREN("')'"),
    COMMA("','"),
    AND("'&&'"),
    OR("'||'"),
    OPERATOR("an operator"),
    ELLIPSIS("'...'"),
    SELECTOR("a property selector"),
    STRING("a quoted string"),
    REGEX("a %regex%"),
    WORD("a word"),
    EOF("the end of the pattern");

    final String description;

    Type(String description) {
      this.description = description;
    }
  }

  String describe() {
    return switch (type) {
      case EOF -> type.description;
      case STRING -> "\"" + text + "\"";
      case REGEX -> "%" + text + "%";
      default -> "'" + text + "'";
    };
  }
}
