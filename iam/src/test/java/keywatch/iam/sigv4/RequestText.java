package keywatch.iam.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the test suites' request files ({@code .req}, {@code .sreq}, {@code *-signed-request.txt}):
 * a request line, {@code Name:value} header lines, a blank line, the body. The request target is
 * taken byte for byte as the raw path and query, as a server would see it on the wire. A line that
 * starts with whitespace continues the previous header (obsolete line folding) and counts as one
 * more value of it, which is how the suite's multiline vector canonicalizes. Captured requests
 * ({@code .http}) have CRLF line ends, read the same way.
 */
final class RequestText {

  private RequestText() {}

  static SignedRequest parse(String text) {
    int crlf = text.indexOf("\r\n\r\n");
    if (crlf >= 0) { // bytes as captured on the wire: CRLF lines, the body left as it is
      text = text.substring(0, crlf).replace("\r\n", "\n") + "\n\n" + text.substring(crlf + 4);
    }
    String head = text;
    String body = "";
    int blank = text.indexOf("\n\n");
    if (blank >= 0) {
      head = text.substring(0, blank);
      body = text.substring(blank + 2);
    }
    String[] lines = head.split("\n", -1);
    String requestLine = lines[0];
    int firstSpace = requestLine.indexOf(' ');
    int lastSpace = requestLine.lastIndexOf(' ');
    String method = requestLine.substring(0, firstSpace);
    String target = requestLine.substring(firstSpace + 1, lastSpace);
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? "" : target.substring(q + 1);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String last = null;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        headers.get(last).add(line.trim());
        continue;
      }
      int colon = line.indexOf(':');
      String name = line.substring(0, colon);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1));
      last = name;
    }
    return new SignedRequest(method, rawPath, rawQuery, headers,
        body.getBytes(StandardCharsets.UTF_8));
  }
}
