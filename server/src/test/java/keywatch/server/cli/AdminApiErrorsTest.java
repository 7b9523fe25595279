package keywatch.server.cli;

import static keywatch.server.cli.RaisedAlarm.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.User;
import keywatch.iam.sigv4.Credential;
import keywatch.iam.sigv4.SigV4Signer;
import keywatch.iam.sigv4.SignedRequest;
import keywatch.server.respond.ResponsePolicy;
import keywatch.server.respond.ResponseRecord;
import keywatch.server.sdk.KeywatchHarness;
import keywatch.watch.action.AlarmChangesForServer;
import keywatch.watch.action.EvidenceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's refusals, each in AWS JSON 1.1's error shape with a 4xx status and never a stack
 * trace: unsigned, wrongly signed, signed for another service, a user without keywatch:* actions
 * (AccessDeniedException, and recorded in the trail), an unknown response id
 * (ResourceNotFoundException), a response in the wrong state (InvalidStateException), bad bodies.
 */
class AdminApiErrorsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static KeywatchHarness h;
  static Map<String, String> admin;
  static final ConcurrentLinkedQueue<ObjectNode> trail = new ConcurrentLinkedQueue<>();
  static AutoCloseable trailSubscription;
  static String pendingId;

  @BeforeAll
  static void start() throws Exception {
    h = KeywatchHarness.start(dir);
    trailSubscription = h.server().trail().orElseThrow().subscribe(trail::add);
    admin = AdminCli.env(h.server().endpoint(), h.config().adminAccessKeyId(), h.config().adminSecretAccessKey());
    String key = h.kms().createKey(b -> b.description("k")).keyMetadata().arn();
    h.server().actions().responder().put(ResponsePolicy.disableKey(AlarmChangesForServer.NAME).withApproval(true));
    h.server().actions().responder().respond(AlarmChangesForServer.labAlarm(null), List.of(new EvidenceRecord(
        "2026-11-27T16:00:05Z", "arn:aws:iam::111122223333:role/app", null, key, "kms.amazonaws.com", "Decrypt",
        "IncorrectKeyException", "10.0.0.7", "e1")));
    pendingId = h.server().actions().responder().list().get(0).id();
  }

  @AfterAll
  static void stop() throws Exception {
    trailSubscription.close();
    h.close();
  }

  /** A user with these inline policies and an access key; its CLI environment. */
  static Map<String, String> user(String name, Map<String, String> policies) {
    IdentityStore identities = h.server().identities();
    Ids ids = new Ids(new java.security.SecureRandom());
    identities.putUser(new User(KeywatchHarness.ACCOUNT, name, ids.userId(), Instant.now(), policies));
    String keyId = ids.accessKeyId();
    String secret = ids.secretAccessKey();
    identities.putAccessKey(new AccessKey(keyId, KeywatchHarness.ACCOUNT, name, true, Instant.now(), secret));
    return AdminCli.env(h.server().endpoint(), keyId, secret);
  }

  static String allow(String... actions) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + JSON.valueToTree(actions) + ",\"Resource\":\"*\"}]}";
  }

  record Answer(int status, String contentType, JsonNode body, String raw) {}

  /** A raw call: signed for {@code service} with the admin key when {@code service} is not null, else unsigned. */
  static Answer raw(String target, String body, String service) throws Exception {
    URI uri = URI.create(h.server().endpoint() + "/");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(uri.getHost() + ":" + uri.getPort()));
    headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
    headers.put("X-Amz-Target", List.of(target));
    if (service != null) {
      headers = new SigV4Signer(Clock.systemUTC()).sign(new SignedRequest("POST", "/", "", headers, bytes),
          new Credential(h.config().adminAccessKeyId(), h.config().adminSecretAccessKey(), null, null), "us-east-1", service)
          .headers();
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach((k, vs) -> {
      if (!k.equalsIgnoreCase("host")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), JSON.readTree(r.body()), r.body());
  }

  static void assertAwsError(Answer a, String type) {
    assertThat(a.status()).as(a.raw()).isBetween(400, 499);
    assertThat(a.contentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(a.body().path("__type").asText()).isEqualTo(type);
    assertThat(a.raw()).doesNotContain("at keywatch.").doesNotContain("Exception:");
  }

  @Test
  void unsignedWronglySignedOrSignedForAnotherServiceIsRefused() throws Exception {
    assertAwsError(raw("KeywatchResponder.ListResponses", "{}", null), "MissingAuthenticationTokenException");
    assertAwsError(raw("KeywatchResponder.ListResponses", "{}", "kms"), "InvalidSignatureException");
    assertThat(raw("KeywatchResponder.ListResponses", "{}", "keywatch").status()).isEqualTo(200);

    AdminCli.Run wrong = AdminCli.run(AdminCli.env(h.server().endpoint(), h.config().adminAccessKeyId(), "x".repeat(40)),
        "respond", "list");
    assertThat(wrong.exit()).isEqualTo(IamCommand.EXIT_SERVICE_ERROR);
    assertThat(wrong.err()).contains("(InvalidSignatureException) when calling the ListResponses operation");
    AdminCli.Run unknownKey = AdminCli.run(AdminCli.env(h.server().endpoint(), "AKIAUNKNOWNUNKNOWN12", "x".repeat(40)),
        "respond", "list");
    assertThat(unknownKey.err()).contains("(UnrecognizedClientException)");
  }

  @Test
  void aUserWithoutKeywatchPermissionsIsDeniedAndTheRefusalIsInTheTrail() {
    Map<String, String> kmsOnly = user("kms-only", Map.of("kms", allow("kms:*")));
    AdminCli.Run denied = AdminCli.run(kmsOnly, "respond", "approve", pendingId);
    assertThat(denied.exit()).isEqualTo(IamCommand.EXIT_SERVICE_ERROR);
    assertThat(denied.err()).contains("(AccessDeniedException) when calling the ApproveResponse operation")
        .contains("user/kms-only is not authorized to perform: keywatch:ApproveResponse");
    assertThat(AdminCli.run(kmsOnly, "notify", "status").err()).contains("(AccessDeniedException)");
    assertThat(h.server().actions().responder().list()).extracting(ResponseRecord::id).contains(pendingId);
    assertThat(h.server().actions().responder().list().stream().filter(r -> r.id().equals(pendingId)).findFirst().orElseThrow()
        .state().name()).isEqualTo("PENDING_APPROVAL");

    waitFor(() -> trail.stream().anyMatch(r -> r.path("eventName").asText().equals("ApproveResponse")
        && r.path("errorCode").asText().equals("AccessDeniedException")), "the refused call in the trail");
    ObjectNode record = trail.stream().filter(r -> r.path("eventName").asText().equals("ApproveResponse")
        && r.path("errorCode").asText().equals("AccessDeniedException")).findFirst().orElseThrow();
    assertThat(record.path("eventSource").asText()).isEqualTo("keywatch.amazonaws.com");
    assertThat(record.at("/userIdentity/arn").asText()).endsWith(":user/kms-only");
    assertThat(record.at("/requestParameters/responseId").asText()).isEqualTo(pendingId);

    // reading is one permission, acting another; an explicit deny wins over keywatch:*
    Map<String, String> reader = user("reader", Map.of("read", allow("keywatch:ListResponses", "keywatch:ListDeliveries")));
    assertThat(AdminCli.run(reader, "respond", "list").out()).contains(pendingId);
    assertThat(AdminCli.run(reader, "notify", "status").exit()).isZero();
    assertThat(AdminCli.run(reader, "respond", "undo", pendingId).err()).contains("(AccessDeniedException)");
    Map<String, String> denyApprove = user("deny-approve", Map.of("all", allow("keywatch:*"), "deny",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"keywatch:ApproveResponse\",\"Resource\":\"*\"}]}"));
    assertThat(AdminCli.run(denyApprove, "respond", "approve", pendingId).err()).contains("(AccessDeniedException)")
        .contains("explicit deny");
    assertThat(AdminCli.run(denyApprove, "respond", "undo", pendingId).err()).contains("(InvalidStateException)");
  }

  @Test
  void unknownIdsAndWrongStatesAreClear400s() throws Exception {
    AdminCli.Run unknown = AdminCli.run(admin, "respond", "approve", "no-such-response");
    assertThat(unknown.exit()).isEqualTo(IamCommand.EXIT_SERVICE_ERROR);
    assertThat(unknown.err()).contains("(ResourceNotFoundException) when calling the ApproveResponse operation: no response no-such-response");
    assertThat(AdminCli.run(admin, "respond", "undo", "no-such-response").err()).contains("(ResourceNotFoundException)");

    AdminCli.Run undoPending = AdminCli.run(admin, "respond", "undo", pendingId);
    assertThat(undoPending.exit()).isEqualTo(IamCommand.EXIT_SERVICE_ERROR);
    assertThat(undoPending.err()).contains("(InvalidStateException) when calling the UndoResponse operation: response "
        + pendingId + " is PENDING_APPROVAL; only DONE responses can be undone");

    Answer raw = raw("KeywatchResponder.UndoResponse", "{\"ResponseId\":\"" + pendingId + "\"}", "keywatch");
    assertAwsError(raw, "InvalidStateException");
    assertThat(raw.status()).isEqualTo(400);
    assertAwsError(raw("KeywatchResponder.ApproveResponse", "{\"ResponseId\":\"nope\"}", "keywatch"), "ResourceNotFoundException");
  }

  @Test
  void badRequestsGetValidationAndSerializationErrors() throws Exception {
    assertAwsError(raw("KeywatchResponder.ApproveResponse", "{}", "keywatch"), "ValidationException");
    assertAwsError(raw("KeywatchResponder.ApproveResponse", "{\"ResponseId\":7}", "keywatch"), "ValidationException");
    assertAwsError(raw("KeywatchResponder.ApproveResponse", "[1,2", "keywatch"), "SerializationException");
    assertAwsError(raw("KeywatchResponder.DeleteEverything", "{}", "keywatch"), "UnknownOperationException");
    List<String> types = new ArrayList<>();
    for (String t : List.of("KeywatchNotify.ListDeliveries", "KeywatchResponder.ListResponses")) {
      Answer a = raw(t, "", "keywatch");
      types.add(a.status() + " " + a.body().fieldNames().next());
    }
    assertThat(types).containsExactly("200 Deliveries", "200 Responses");
  }
}
