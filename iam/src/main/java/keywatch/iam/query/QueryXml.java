package keywatch.iam.query;

import java.nio.charset.StandardCharsets;

/**
 * The little XML that AWS's query protocols (STS, IAM) answer with: elements with escaped text,
 * the response element carrying the service's namespace.
 */
public final class QueryXml {
  public static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  public static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String namespace;
  private final StringBuilder sb = new StringBuilder(512);

  public QueryXml(String namespace) {
    this.namespace = namespace;
  }

  public QueryXml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  public QueryXml openNs(String name) {
    sb.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
    return this;
  }

  public QueryXml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  public QueryXml element(String name, String text) {
    open(name);
    escape(text);
    return close(name);
  }

  /** Leaves the element out when {@code text} is null, as AWS does for absent optional members. */
  public QueryXml optional(String name, String text) {
    return text == null ? this : element(name, text);
  }

  /**
   * A policy document as IAM returns it: percent-encoded per RFC 3986 (spaces as %20, never '+'),
   * which the AWS CLI and SDKs decode back to JSON.
   */
  public QueryXml policy(String name, String json) {
    return element(name, percentEncode(json));
  }

  public static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }

  /** Appends another fragment as it is. */
  public QueryXml raw(QueryXml fragment) {
    sb.append(fragment.sb);
    return this;
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
