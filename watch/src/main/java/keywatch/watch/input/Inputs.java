package keywatch.watch.input;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Opens inputs as {@link LogEventSource}s: a CloudTrail file ({@code .json} or {@code .json.gz}),
 * a whole S3-layout directory tree of them, JSON lines, plain text lines, or a stream such as
 * standard input. Gzip is recognised by its magic bytes, the format by the first bytes (a CloudTrail
 * file starts with {@code {"Records":}).
 */
public final class Inputs {
  /** CloudTrail file names carry the delivery time: {@code ..._CloudTrail_<region>_20261127T1005Z_<id>.json.gz}. */
  private static final Pattern FILE_TIME = Pattern.compile("_(\\d{8}T\\d{4}Z)_");
  private static final Pattern CLOUDTRAIL_START = Pattern.compile("^\\s*\\{\\s*\"Records\"\\s*:");

  private Inputs() {}

  public static LogEventSource open(Path path, InputFormat format, long defaultTimestampMillis) throws IOException {
    if (Files.isDirectory(path)) {
      return directory(path, format, defaultTimestampMillis);
    }
    return stream(Files.newInputStream(path), Files.size(path), format, defaultTimestampMillis);
  }

  /** Several paths, one after another. */
  public static LogEventSource open(List<Path> paths, InputFormat format, long defaultTimestampMillis) throws IOException {
    List<LogEventSource> parts = new ArrayList<>();
    for (Path p : paths) {
      parts.add(new Lazy(() -> open(p, format, defaultTimestampMillis), sizeOf(p)));
    }
    return new Concatenation(parts);
  }

  public static LogEventSource stream(InputStream raw, long totalBytes, InputFormat format, long defaultTimestampMillis)
      throws IOException {
    CountingInputStream counted = new CountingInputStream(raw);
    BufferedInputStream in = new BufferedInputStream(counted, 1 << 16);
    in.mark(4);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    InputStream decoded = in;
    if (b1 == 0x1f && b2 == 0x8b) {
      decoded = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    InputFormat f = format;
    if (f == InputFormat.AUTO) {
      decoded.mark(4096);
      byte[] head = decoded.readNBytes(4096);
      decoded.reset();
      String text = new String(head, StandardCharsets.UTF_8);
      if (CLOUDTRAIL_START.matcher(text).find()) {
        f = InputFormat.CLOUDTRAIL;
      } else if (text.stripLeading().startsWith("{")) {
        f = InputFormat.JSON_LINES;
      } else {
        f = InputFormat.TEXT;
      }
    }
    if (f == InputFormat.CLOUDTRAIL) {
      return new CloudTrailRecords(counted, decoded, totalBytes);
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8), 1 << 16);
    return new LineEvents(reader, counted, totalBytes, f == InputFormat.JSON_LINES, defaultTimestampMillis);
  }

  /**
   * Every {@code .json}/{@code .json.gz} file under {@code root} except digest files, in delivery
   * time order; files delivered in the same minute (other regions, other accounts) are merged by
   * event time.
   */
  static LogEventSource directory(Path root, InputFormat format, long defaultTimestampMillis) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".json") || n.endsWith(".json.gz")) && !n.contains("CloudTrail-Digest")
                    && !p.toString().contains("CloudTrail-Digest");
              })
              .sorted(Comparator.comparing(Inputs::fileTime).thenComparing(Path::toString))
              .toList();
    }
    List<LogEventSource> groups = new ArrayList<>();
    int i = 0;
    while (i < files.size()) {
      String key = fileTime(files.get(i));
      int j = i + 1;
      while (!key.isEmpty() && j < files.size() && fileTime(files.get(j)).equals(key)) {
        j++;
      }
      List<LogEventSource> group = new ArrayList<>();
      long size = 0;
      for (Path p : files.subList(i, j)) {
        long s = sizeOf(p);
        size += s;
        group.add(new Lazy(() -> open(p, format, defaultTimestampMillis), s));
      }
      groups.add(group.size() == 1 ? group.get(0) : new Lazy(() -> new TimeMerge(group), size));
      i = j;
    }
    return new Concatenation(groups);
  }

  static String fileTime(Path p) {
    Matcher m = FILE_TIME.matcher(p.getFileName().toString());
    return m.find() ? m.group(1) : "";
  }

  private static long sizeOf(Path p) {
    try {
      if (Files.isDirectory(p)) {
        try (Stream<Path> w = Files.walk(p)) {
          return w.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
      }
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
