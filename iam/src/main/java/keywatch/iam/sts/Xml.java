package keywatch.iam.sts;

/** The little XML STS responses need: elements with escaped text. */
final class Xml {
  static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final StringBuilder sb = new StringBuilder(512);

  Xml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  Xml openNs(String name) {
    sb.append('<').append(name).append(" xmlns=\"").append(NS).append("\">");
    return this;
  }

  Xml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  Xml element(String name, String text) {
    open(name);
    escape(text);
    return close(name);
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
  }
}
