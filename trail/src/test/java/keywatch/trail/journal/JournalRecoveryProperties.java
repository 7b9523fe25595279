package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Wherever a crash cuts the journal, reopening keeps exactly the records that were complete. */
class JournalRecoveryProperties {

  @Property(tries = 60)
  void recoveryKeepsExactlyTheCompletePrefix(
      @ForAll @Size(min = 1, max = 20) List<@StringLength(min = 1, max = 60) String> records,
      @ForAll @IntRange(min = 0, max = 100) int cutPercent) throws Exception {
    Path dir = Files.createTempDirectory("journal-prop");
    try {
      List<Integer> ends = new ArrayList<>();
      try (Journal journal = Journal.open(dir, 0, b -> {})) {
        int offset = 0;
        for (String r : records) {
          byte[] payload = ("\"" + r.replace("\\", "").replace("\"", "") + "\"").getBytes(StandardCharsets.UTF_8);
          journal.append(payload);
          offset += SegmentFormat.HEADER_BYTES + payload.length;
          ends.add(offset);
        }
      }
      Path segment = SegmentFormat.listSegments(dir).get(0);
      long size = Files.size(segment);
      long cut = size * cutPercent / 100;
      SegmentFormat.truncate(segment, cut);
      long complete = ends.stream().filter(e -> e <= cut).count();

      try (Journal journal = Journal.open(dir, 0, b -> {})) {
        assertThat(journal.recovery().recordsRecovered()).isEqualTo(complete);
        long lastEnd = complete == 0 ? 0 : ends.get((int) complete - 1);
        assertThat(journal.recovery().bytesTruncated()).isEqualTo(cut - lastEnd);
        assertThat(journal.recovery().nextSequence()).isEqualTo(complete);
      }
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
