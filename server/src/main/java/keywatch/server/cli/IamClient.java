package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A small IAM client for {@code keywatch iam}: sends one query-protocol call to keywatch, signed
 * with SigV4 for service "iam" in us-east-1 ({@link SignedPost}), and turns the XML result into
 * the JSON the AWS CLI prints (lists as arrays, policy documents decoded back to JSON, booleans
 * and numbers typed).
 */
final class IamClient {
  static final String VERSION = "2010-05-08";
  private static final Set<String> LISTS = Set.of("Users", "Roles", "PolicyNames", "AccessKeyMetadata");
  private static final Set<String> POLICY_DOCUMENTS = Set.of("PolicyDocument", "AssumeRolePolicyDocument");
  private static final Set<String> BOOLEANS = Set.of("IsTruncated");
  private static final Set<String> NUMBERS = Set.of("MaxSessionDuration");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** keywatch answered with an IAM error. */
  static final class ServiceError extends Exception {
    final String code;

    ServiceError(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** keywatch could not be reached, or did not answer in IAM's protocol. */
  static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private final URI endpoint;
  private final SignedPost post;

  IamClient(ServerAccess access) {
    this.endpoint = access.endpoint();
    this.post = new SignedPost(access);
  }

  /** One call; the result element as JSON (an empty object for actions that return nothing). */
  ObjectNode call(String action, Map<String, String> params) throws ServiceError, Unreachable {
    StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=").append(VERSION);
    params.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> response = post.post("iam",
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), body);
    Element root = parse(response.body(), response.statusCode());
    if (root.getTagName().equals("ErrorResponse")) {
      Element error = child(root, "Error");
      throw new ServiceError(error == null ? "Unknown" : text(child(error, "Code")),
          error == null ? "" : text(child(error, "Message")));
    }
    Element result = child(root, action + "Result");
    JsonNode json = result == null ? null : toJson(result);
    return json instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  /**
   * Calls a listing action until it is no longer truncated, as the AWS CLI does, and returns the
   * list member with every page's items.
   */
  ObjectNode callAll(String action, Map<String, String> params, String listName) throws ServiceError, Unreachable {
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    Map<String, String> page = new LinkedHashMap<>(params);
    while (true) {
      ObjectNode r = call(action, page);
      JsonNode items = r.get(listName);
      if (items != null) {
        all.addAll((ArrayNode) items);
      }
      if (!r.path("IsTruncated").asBoolean(false) || !r.hasNonNull("Marker")) {
        break;
      }
      page.put("Marker", r.get("Marker").asText());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set(listName, all);
    return out;
  }

  private Element parse(byte[] body, int status) throws Unreachable {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setNamespaceAware(false);
      f.setExpandEntityReferences(false);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      return d.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new Unreachable("the server at " + endpoint + " answered HTTP " + status
          + " without an IAM response; is it keywatch?");
    }
  }

  private static JsonNode toJson(Element e) {
    String name = e.getTagName();
    List<Element> children = children(e);
    if (LISTS.contains(name)) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (Element m : children) {
        a.add(toJson(m));
      }
      return a;
    }
    if (children.isEmpty()) {
      String text = e.getTextContent();
      if (BOOLEANS.contains(name)) {
        return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
      }
      if (NUMBERS.contains(name)) {
        return JsonNodeFactory.instance.numberNode(Long.parseLong(text.trim()));
      }
      if (POLICY_DOCUMENTS.contains(name)) {
        String json = URLDecoder.decode(text, StandardCharsets.UTF_8);
        try {
          return JSON.readTree(json);
        } catch (IOException ex) {
          return JsonNodeFactory.instance.textNode(json);
        }
      }
      return JsonNodeFactory.instance.textNode(text);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (Element c : children) {
      o.set(c.getTagName(), toJson(c));
    }
    return o;
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  private static Element child(Element e, String name) {
    for (Element c : children(e)) {
      if (c.getTagName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static String text(Element e) {
    return e == null ? "" : e.getTextContent();
  }
}
