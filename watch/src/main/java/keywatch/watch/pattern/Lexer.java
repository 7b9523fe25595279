package keywatch.watch.pattern;

/**
 * Hand-written lexer for the structured pattern kinds (JSON and space-delimited). Text patterns
 * and standalone regexes are scanned by {@link PatternParser} directly, since their only tokens
 * are terms. Offsets are zero-based indexes into the whole pattern text.
 */
final class Lexer {
  private final String src;
  private final boolean jsonMode;
  private int pos;
  private Token peeked;

  Lexer(String src, int start, boolean jsonMode) {
    this.src = src;
    this.pos = start;
    this.jsonMode = jsonMode;
  }

  Token peek() {
    if (peeked == null) {
      peeked = scan();
    }
    return peeked;
  }

  Token next() {
    Token t = peek();
    peeked = null;
    return t;
  }

  private Token scan() {
    int n = src.length();
    while (pos < n && isSpace(src.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= n) {
      return new Token(Token.Type.EOF, "", n, n);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '{':
        return single(Token.Type.LBRACE, start);
      case '}':
        return single(Token.Type.RBRACE, start);
      case '[':
        return single(Token.Type.LBRACKET, start);
      case ']':
        return single(Token.Type.RBRACKET, start);
      case '(':
        return single(Token.Type.LPAREN, start);
      case ')':
        return single(Token.Type.RPAREN, start);
      case ',':
        return single(Token.Type.COMMA, start);
      case '&':
        if (pos + 1 < n && src.charAt(pos + 1) == '&') {
          pos += 2;
          return new Token(Token.Type.AND, "&&", start, pos);
        }
        throw new PatternSyntaxException(start, "a single '&' is not an operator; use '&&'");
      case '|':
        if (pos + 1 < n && src.charAt(pos + 1) == '|') {
          pos += 2;
          return new Token(Token.Type.OR, "||", start, pos);
        }
        throw new PatternSyntaxException(start, "a single '|' is not an operator; use '||'");
      case '=':
        pos++;
        if (pos < n && src.charAt(pos) == '=') {
          throw new PatternSyntaxException(start, "'==' is not an operator; use '='");
        }
        return new Token(Token.Type.OPERATOR, "=", start, pos);
      case '!':
        if (pos + 1 < n && src.charAt(pos + 1) == '=') {
          pos += 2;
          return new Token(Token.Type.OPERATOR, "!=", start, pos);
        }
        throw new PatternSyntaxException(start, "'!' must be followed by '=' (the operator '!=')");
      case '<':
      case '>':
        pos++;
        if (pos < n && src.charAt(pos) == '=') {
          pos++;
        }
        return new Token(Token.Type.OPERATOR, src.substring(start, pos), start, pos);
      case '"':
        return quoted(start);
      case '%':
        return regex(start);
      default:
        break;
    }
    if (jsonMode && c == '$') {
      return selector(start);
    }
    if (!jsonMode && src.startsWith("...", pos)) {
      int after = pos + 3;
      if (after >= n || isSpace(src.charAt(after)) || src.charAt(after) == ',' || src.charAt(after) == ']') {
        pos = after;
        return new Token(Token.Type.ELLIPSIS, "...", start, pos);
      }
    }
    while (pos < n && isWordChar(src.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw new PatternSyntaxException(start, "unexpected character '" + c + "'");
    }
    return new Token(Token.Type.WORD, src.substring(start, pos), start, pos);
  }

  private Token single(Token.Type type, int start) {
    pos++;
    return new Token(type, String.valueOf(src.charAt(start)), start, pos);
  }

  /** A double-quoted string; {@code \"} and {@code \\} are escapes, other backslashes literal. */
  private Token quoted(int start) {
    int n = src.length();
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < n) {
      char c = src.charAt(pos);
      if (c == '"') {
        pos++;
        return new Token(Token.Type.STRING, sb.toString(), start, pos);
      }
      if (c == '\\' && pos + 1 < n && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '\\')) {
        sb.append(src.charAt(pos + 1));
        pos += 2;
        continue;
      }
      sb.append(c);
      pos++;
    }
    throw new PatternSyntaxException(start, "unterminated string: missing closing '\"'");
  }

  private Token regex(int start) {
    int close = src.indexOf('%', start + 1);
    if (close < 0) {
      throw new PatternSyntaxException(start, "unterminated regex: missing closing '%'");
    }
    String body = src.substring(start + 1, close);
    RegexRules.validate(body, start + 1);
    pos = close + 1;
    return new Token(Token.Type.REGEX, body, start, pos);
  }

  /** The extent of a selector: {@code $} then names, dots, stars and bracket groups. */
  private Token selector(int start) {
    int n = src.length();
    pos++;
    while (pos < n) {
      char c = src.charAt(pos);
      if (c == '.' || c == '*' || isNameChar(c)) {
        pos++;
      } else if (c == '[') {
        int open = pos;
        pos++;
        char quote = 0;
        boolean closed = false;
        while (pos < n) {
          char d = src.charAt(pos);
          if (quote != 0) {
            if (d == '\\' && pos + 1 < n) {
              pos += 2;
              continue;
            }
            if (d == quote) {
              quote = 0;
            }
          } else if (d == '\'' || d == '"') {
            quote = d;
          } else if (d == ']') {
            pos++;
            closed = true;
            break;
          }
          pos++;
        }
        if (!closed) {
          throw new PatternSyntaxException(open, "unterminated '[' in property selector");
        }
      } else {
        break;
      }
    }
    return new Token(Token.Type.SELECTOR, src.substring(start, pos), start, pos);
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /** Characters of an unquoted value or field name. */
  static boolean isWordChar(char c) {
    if (isSpace(c)) {
      return false;
    }
    switch (c) {
      case '{': case '}': case '(': case ')': case '[': case ']': case ',':
      case '&': case '|': case '=': case '!': case '<': case '>': case '"': case '%':
        return false;
      default:
        return !Character.isISOControl(c);
    }
  }

  /** Characters of an unquoted property name in a selector. */
  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '@'
        || c == ':'
        || c == '#'
        || c == '$'
        || (c > 0x7f && Character.isLetterOrDigit(c));
  }
}
