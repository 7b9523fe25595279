package keywatch.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.Map;
import keywatch.server.admin.AdminApi;

/**
 * The client of keywatch's admin API ({@link AdminApi}) for {@code keywatch respond} and
 * {@code keywatch notify status}: one AWS JSON 1.1 call signed for the service "keywatch", and the
 * exit statuses and error lines shared with {@code keywatch iam}.
 */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with a successful answer; returns the exit status. */
  interface Printer {
    int print(ObjectNode result, PrintWriter out, PrintWriter err);
  }

  private AdminClient() {}

  /**
   * Makes the call {@code target} (e.g. {@code KeywatchResponder.ListResponses}) and prints its
   * answer, or the error as the AWS CLI words it. Exit: the printer's, else 253 no credentials,
   * 252 bad endpoint, 254 keywatch refused the call, 255 keywatch unreachable.
   */
  static int run(Map<String, String> env, String endpointOption, String target, ObjectNode request, PrintWriter out,
      PrintWriter err, Printer printer) {
    try {
      ObjectNode result = call(ServerAccess.resolve(env, endpointOption), target, request);
      int exit = printer.print(result, out, err);
      out.flush();
      err.flush();
      return exit;
    } catch (ServerAccess.Refused e) {
      err.println(e.getMessage());
      err.flush();
      return e.exitStatus;
    } catch (IamClient.ServiceError e) {
      err.println("An error occurred (" + e.code + ") when calling the " + target.substring(target.indexOf('.') + 1)
          + " operation: " + e.getMessage());
      err.flush();
      return IamCommand.EXIT_SERVICE_ERROR;
    } catch (IamClient.Unreachable e) {
      err.println(e.getMessage());
      err.flush();
      return IamCommand.EXIT_UNREACHABLE;
    }
  }

  static ObjectNode call(ServerAccess access, String target, ObjectNode request) throws IamClient.ServiceError, IamClient.Unreachable {
    SignedPost post = new SignedPost(access);
    HttpResponse<byte[]> response = post.post(AdminApi.SIGNING_SERVICE,
        Map.of("Content-Type", AdminApi.CONTENT_TYPE, "X-Amz-Target", target), request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (!(body instanceof ObjectNode o)) {
      throw new IamClient.Unreachable("the server at " + access.endpoint() + " answered HTTP " + response.statusCode()
          + " without a JSON answer; is it keywatch?");
    }
    if (response.statusCode() / 100 != 2) {
      String type = o.path("__type").asText("Unknown");
      throw new IamClient.ServiceError(type.substring(type.indexOf('#') + 1), o.path("message").asText(""));
    }
    return o;
  }
}
