package keywatch.trail.lookup;

import static keywatch.trail.TrailFixtures.ACCOUNT;
import static keywatch.trail.TrailFixtures.KEY_ARN;
import static keywatch.trail.TrailFixtures.REGION;
import static keywatch.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import keywatch.trail.MutableClock;
import keywatch.trail.Trail;
import keywatch.trail.TrailDirectory;
import keywatch.trail.TrailFixtures;
import keywatch.trail.record.CloudTrailRecord;
import keywatch.trail.record.UserIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLookupTest {
  @TempDir Path root;
  EventLookup lookup;

  @BeforeEach
  void writeEvents() throws Exception {
    MutableClock clock = new MutableClock(T0);
    Trail trail = Trail.open(TrailFixtures.config(root), clock);
    for (int i = 0; i < 7; i++) {
      trail.append(TrailFixtures.decrypt(T0.plusSeconds(i), "d" + i, i % 2 == 0));
    }
    trail.flushLogFiles();
    // Still only in the journal: lookup must find it too.
    trail.append(CloudTrailRecord.builder()
        .userIdentity(UserIdentity.iamUser(ACCOUNT, "AIDAEXAMPLE", "Alice", "AKIAEXAMPLE"))
        .eventTime(T0.plusSeconds(100))
        .eventName("CreateKey")
        .awsRegion(REGION)
        .readOnly(false)
        .requestId("c1")
        .kmsKeyResource(KEY_ARN)
        .build());
    lookup = new EventLookup(TrailDirectory.readConfig(root));
    // Left open on purpose: lookup reads a live trail directory.
  }

  private static LookupQuery query() {
    return LookupQuery.all();
  }

  @Test
  void findsRecordsInLogFilesAndJournalNewestFirstInLookupEventsShape() throws Exception {
    LookupPage page = lookup.lookup(query());
    assertThat(page.events()).hasSize(10); // the trail's CreateTrail and StartLogging, 7 Decrypts, CreateKey
    ObjectNode newest = page.events().get(0);
    assertThat(newest.get("EventName").asText()).isEqualTo("CreateKey");
    assertThat(newest.get("Username").asText()).isEqualTo("Alice");
    assertThat(newest.get("ReadOnly").asText()).isEqualTo("false");
    assertThat(newest.get("AccessKeyId").asText()).isEqualTo("AKIAEXAMPLE");
    assertThat(newest.get("Resources").get(0).get("ResourceType").asText()).isEqualTo("AWS::KMS::Key");
    assertThat(newest.get("Resources").get(0).get("ResourceName").asText()).isEqualTo(KEY_ARN);
    assertThat(newest.get("CloudTrailEvent").asText()).contains("\"requestID\":\"c1\"");
    assertThat(page.nextToken()).isNull();
  }

  @Test
  void filtersCombineAsLookupAttributes() throws Exception {
    assertThat(lookup.lookup(new LookupQuery(null, "Decrypt", null, null, null, null, null, null, null, null, null, null))
        .events()).hasSize(7);
    assertThat(lookup.lookup(new LookupQuery(null, null, null, null, null, "task-session", null, null, null, null, null, null))
        .events()).hasSize(7);
    assertThat(lookup.lookup(new LookupQuery(null, null, null, null, null, null, "AKIAEXAMPLE", null, null, null, null, null))
        .events()).hasSize(1);
    assertThat(lookup.lookup(new LookupQuery(null, null, null, null, null, null, null, false, null, null, null, null))
        .events()).extracting(e -> e.get("EventName").asText())
        .containsExactlyInAnyOrder("CreateKey", "CreateTrail", "StartLogging");
    assertThat(lookup.lookup(new LookupQuery(null, null, "cloudtrail.amazonaws.com", null, "AWS::CloudTrail::Trail",
        null, null, null, null, null, null, null)).events()).extracting(e -> e.get("EventName").asText())
        .containsExactlyInAnyOrder("CreateTrail", "StartLogging");
    assertThat(lookup.lookup(new LookupQuery(null, null, "kms.amazonaws.com", "1234abcd-12ab-34cd-56ef-1234567890ab",
        null, null, null, true, T0.plusSeconds(2), T0.plusSeconds(4), null, null)).events())
        .extracting(e -> e.get("EventTime").asText())
        .containsExactly("2026-11-27T15:00:04Z", "2026-11-27T15:00:03Z", "2026-11-27T15:00:02Z");
  }

  @Test
  void pagesWithANextTokenUntilExhausted() throws Exception {
    List<String> ids = new ArrayList<>();
    LookupQuery q = new LookupQuery(null, null, null, null, null, null, null, null, null, null, 3, null);
    int pages = 0;
    while (true) {
      LookupPage page = lookup.lookup(q);
      pages++;
      page.events().forEach(e -> ids.add(e.get("EventId").asText()));
      if (page.nextToken() == null) {
        break;
      }
      q = q.withNextToken(page.nextToken());
    }
    assertThat(pages).isEqualTo(4);
    assertThat(ids).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void maxResultsIsLimitedTo50() {
    assertThatThrownBy(() -> new LookupQuery(null, null, null, null, null, null, null, null, null, null, 51, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
