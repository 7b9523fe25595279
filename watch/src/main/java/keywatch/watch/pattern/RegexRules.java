package keywatch.watch.pattern;

import java.util.regex.Pattern;

/**
 * The regex subset AWS documents for filter patterns ("Supported regular expressions (regex)
 * syntax", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 * alphanumerics; the symbols {@code : _ # = @ / ; , -}; the operators
 * {@code ^ $ ? [ ] { } | \ * + .}; no parentheses; no multi-byte characters; escapes
 * {@code \d \D \s \S \w \W \xhh} and escaped symbols/operators. Anything else is rejected here,
 * so Java's richer regex dialect never leaks into patterns that AWS would refuse.
 */
final class RegexRules {
  /** AWS: at most two regexes in one JSON or space-delimited pattern. */
  static final int MAX_REGEXES_PER_PATTERN = 2;

  private RegexRules() {}

  static void validate(String body, int bodyOffset) {
    if (body.isEmpty()) {
      throw new PatternSyntaxException(bodyOffset - 1, "empty regex '%%'");
    }
    int n = body.length();
    for (int i = 0; i < n; i++) {
      char c = body.charAt(i);
      if (c == '(' || c == ')') {
        throw new PatternSyntaxException(
            bodyOffset + i, "parentheses are not supported in a regex (AWS allows no subpatterns)");
      }
      if (!allowed(c)) {
        throw new PatternSyntaxException(
            bodyOffset + i,
            "character '"
                + printable(c)
                + "' is not supported in a regex (allowed: letters, digits, : _ # = @ / ; , - and ^ $ ? [ ] { } | \\ * + .)");
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new PatternSyntaxException(bodyOffset + i, "regex ends with a lone '\\'");
        }
        char e = body.charAt(i + 1);
        if (e == 'x') {
          if (i + 3 >= n || !isHex(body.charAt(i + 2)) || !isHex(body.charAt(i + 3))) {
            throw new PatternSyntaxException(bodyOffset + i, "'\\x' needs two hex digits");
          }
          i += 3;
          continue;
        }
        if ("dDsSwW".indexOf(e) >= 0 || (allowed(e) && !Character.isLetterOrDigit(e))) {
          i++;
          continue;
        }
        throw new PatternSyntaxException(
            bodyOffset + i,
            "escape '\\" + printable(e) + "' is not supported (use \\d \\D \\s \\S \\w \\W \\xhh or escape a symbol)");
      }
    }
    try {
      Pattern.compile(body);
    } catch (java.util.regex.PatternSyntaxException e) {
      int idx = e.getIndex();
      int at = bodyOffset + (idx < 0 ? 0 : Math.min(idx, n - 1));
      throw new PatternSyntaxException(at, "invalid regex: " + e.getDescription());
    } catch (RuntimeException | StackOverflowError e) {
      throw new PatternSyntaxException(bodyOffset, "invalid regex");
    }
  }

  static Pattern compile(String body) {
    return Pattern.compile(body);
  }

  private static boolean allowed(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return ":_#=@/;,-^$?[]{}|\\*+.".indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
