package keywatch.iam.admin;

import java.nio.charset.StandardCharsets;

/** The little XML IAM responses need: elements with escaped text, in IAM's namespace. */
final class IamXml {
  static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final StringBuilder sb = new StringBuilder(512);

  IamXml open(String name) {
    sb.append('<').append(name).append('>');
    return this;
  }

  IamXml openNs(String name) {
    sb.append('<').append(name).append(" xmlns=\"").append(NS).append("\">");
    return this;
  }

  IamXml close(String name) {
    sb.append("</").append(name).append('>');
    return this;
  }

  IamXml element(String name, String text) {
    open(name);
    escape(text);
    return close(name);
  }

  /** Leaves the element out when {@code text} is null, as AWS does for absent optional members. */
  IamXml optional(String name, String text) {
    return text == null ? this : element(name, text);
  }

  /**
   * A policy document as IAM returns it: percent-encoded per RFC 3986 (spaces as %20, never '+'),
   * which the AWS CLI and SDKs decode back to JSON.
   */
  IamXml policy(String name, String json) {
    return element(name, percentEncode(json));
  }

  static String percentEncode(String s) {
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
  IamXml raw(IamXml fragment) {
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
