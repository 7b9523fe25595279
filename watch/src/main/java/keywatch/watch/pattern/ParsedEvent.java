package keywatch.watch.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A log event message with its parsed forms computed lazily, at most once: the Jackson tree
 * (for JSON patterns and {@code $.field} values) and the space-delimited fields. Several
 * patterns matching the same event share one {@code ParsedEvent}, so a CloudTrail record is
 * parsed once however many filters look at it.
 *
 * <p>Not thread-safe: an instance belongs to the thread that matches with it.
 */
public final class ParsedEvent {
  /** Configured once, never changed afterwards; ObjectMapper is thread-safe for reading. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One slot per thread remembering the last event, so that {@link FilterPattern#match(
   * keywatch.watch.event.LogEvent)} called by ten filters on the same event parses it once.
   * Keyed by identity of the message string: a new event is never mistaken for an old one.
   */
  private static final ThreadLocal<ParsedEvent[]> LAST = ThreadLocal.withInitial(() -> new ParsedEvent[1]);

  private final String message;
  private JsonNode json;
  private boolean jsonParsed;
  private List<String> fields;
  private byte literal; // 0 unknown, 1 yes, 2 no
  // Raw-text searches already done for this event, keyed by interned needle (identity).
  private String[] searched;
  private String[] searchedAfter;
  private int[] found;
  private int searchedCount;
  // Sole string values found for keys: see soleStringValue.
  private String[] spanKeys;
  private long[] spans;
  private int spanCount;


  private ParsedEvent(String message) {
    this.message = message;
  }

  public static ParsedEvent of(String message) {
    return new ParsedEvent(message == null ? "" : message);
  }

  /** The calling thread's last parsed event if it is for this very message, else a new one. */
  static ParsedEvent cachedFor(String message) {
    ParsedEvent[] slot = LAST.get();
    ParsedEvent last = slot[0];
    if (last != null && last.message == message) {
      return last;
    }
    ParsedEvent p = of(message);
    slot[0] = p;
    return p;
  }

  public String message() {
    return message;
  }

  /** True if no JSON escape can hide text from a raw search (see {@link Prefilter}). */
  boolean isLiteral() {
    if (literal == 0) {
      literal = Prefilter.isLiteral(message) ? (byte) 1 : (byte) 2;
    }
    return literal == 1;
  }

  /**
   * Whether the raw message contains {@code internedNeedle}; each distinct needle is searched
   * once per event, however many patterns ask (filters often share "errorCode", "eventName").
   */
  boolean rawContains(String internedNeedle) {
    return rawIndexOf(internedNeedle, null) >= 0;
  }

  /**
   * Where the raw message first holds {@code internedNeedle} after the first occurrence of
   * {@code internedAfter} (a quoted key; null: from the start), or -1; each distinct pair is
   * searched once per event. Searching a value only after its key's first occurrence is sound
   * (the value follows its own key, which is at or after the first occurrence) and skips the part
   * of the event before the key.
   */
  int rawIndexOf(String internedNeedle, String internedAfter) {
    for (int i = 0; i < searchedCount; i++) {
      if (searched[i] == internedNeedle && searchedAfter[i] == internedAfter) {
        return found[i];
      }
    }
    int f;
    if (internedAfter == null) {
      f = message.indexOf(internedNeedle);
    } else {
      int key = rawIndexOf(internedAfter, null);
      f = key < 0 ? -1 : message.indexOf(internedNeedle, key + internedAfter.length());
    }
    if (searched == null) {
      searched = new String[16]; // a rule pack's distinct needles, without growing
      searchedAfter = new String[16];
      found = new int[16];
    } else if (searchedCount == searched.length) {
      if (searchedCount >= 64) {
        return f;
      }
      searched = java.util.Arrays.copyOf(searched, searchedCount * 2);
      searchedAfter = java.util.Arrays.copyOf(searchedAfter, searchedCount * 2);
      found = java.util.Arrays.copyOf(found, searchedCount * 2);
    }
    searched[searchedCount] = internedNeedle;
    searchedAfter[searchedCount] = internedAfter;
    found[searchedCount] = f;
    searchedCount++;
    return f;
  }

  /** {@link #soleStringValue}: the key is not in the raw text at all. */
  static final long KEY_ABSENT = -1;
  /** {@link #soleStringValue}: the raw text alone cannot tell (several occurrences, not a string). */
  static final long UNKNOWN = -2;

  /**
   * If the quoted key {@code internedKey} occurs exactly once in the raw text and is followed
   * by {@code :} and a string, that string's raw contents as {@code start << 32 | end}; else
   * {@link #KEY_ABSENT} or {@link #UNKNOWN}. Sound for the prefilter: a field with that name
   * is written as that key, so a single occurrence that is a key with a string value is the
   * field's only value (an occurrence that is not the real key means the field is absent).
   * One search for a second occurrence then answers every value compared with that field
   * ({@code DisableKey}, {@code PutKeyPolicy}, ... for {@code eventName}), instead of one
   * search each. Cached per key, with the raw searches.
   */
  long soleStringValue(String internedKey) {
    for (int i = 0; i < spanCount; i++) {
      if (spanKeys[i] == internedKey) {
        return spans[i];
      }
    }
    long span = findSoleStringValue(internedKey);
    if (spanKeys == null) {
      spanKeys = new String[8];
      spans = new long[8];
    } else if (spanCount == spanKeys.length) {
      return span;
    }
    spanKeys[spanCount] = internedKey;
    spans[spanCount] = span;
    spanCount++;
    return span;
  }

  private long findSoleStringValue(String key) {
    int at = rawIndexOf(key, null);
    if (at < 0) {
      return KEY_ABSENT;
    }
    int n = message.length();
    int j = at + key.length();
    while (j < n && isBlank(message.charAt(j))) {
      j++;
    }
    if (j >= n || message.charAt(j) != ':') {
      return UNKNOWN;
    }
    j++;
    while (j < n && isBlank(message.charAt(j))) {
      j++;
    }
    if (j >= n || message.charAt(j) != '"') {
      return UNKNOWN;
    }
    int start = j + 1;
    int end = start;
    while (end < n && message.charAt(end) != '"') {
      end += message.charAt(end) == '\\' ? 2 : 1;
    }
    if (end >= n || message.indexOf(key, at + 1) >= 0) {
      return UNKNOWN;
    }
    return (long) start << 32 | end;
  }

  /** Whether the raw text between {@code span}'s bounds holds {@code needle}. */
  boolean spanContains(long span, String needle) {
    int start = (int) (span >>> 32);
    int last = (int) span - needle.length();
    for (int k = start; k <= last; k++) {
      if (message.startsWith(needle, k)) {
        return true;
      }
    }
    return false;
  }

  /** The message as a JSON object tree, or null if the message is not a JSON object. */
  JsonNode json() {
    if (!jsonParsed) {
      jsonParsed = true;
      json = parseObject(message);
    }
    return json;
  }

  private static JsonNode parseObject(String message) {
    int i = 0;
    int n = message.length();
    while (i < n && Character.isWhitespace(message.charAt(i))) {
      i++;
    }
    if (i >= n || message.charAt(i) != '{') {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(message);
      return node != null && node.isObject() ? node : null;
    } catch (Exception | StackOverflowError e) {
      return null;
    }
  }

  /**
   * The fields of the message as AWS splits space-delimited events: runs of blanks separate
   * fields; a field that starts with {@code [} runs to the next {@code ]} and one that starts
   * with {@code "} runs to the next {@code "}, and such a field's value excludes the brackets
   * or quotes.
   */
  List<String> fields() {
    if (fields == null) {
      fields = split(message);
    }
    return fields;
  }

  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (true) {
      while (i < n && isBlank(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      char c = s.charAt(i);
      if (c == '[' || c == '"') {
        int close = s.indexOf(c == '[' ? ']' : '"', i + 1);
        if (close >= 0) {
          out.add(s.substring(i + 1, close));
          i = close + 1;
          continue;
        }
      }
      int b = i;
      while (i < n && !isBlank(s.charAt(i))) {
        i++;
      }
      out.add(s.substring(b, i));
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
