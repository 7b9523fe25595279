package keywatch.watch.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule pack shipped with keywatch, under {@code rules/} on the classpath and listed in {@code
 * rules/pack.txt} (no classpath scanning). Files are plain AWS describe output; the example
 * account {@code 111122223333} in them is replaced by the configured account.
 */
public final class RulePack {
  public static final String EXAMPLE_ACCOUNT = "111122223333";
  private static final String BASE = "/rules/";

  private RulePack() {}

  public static List<String> files() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : read("pack.txt").split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  public static RuleSet load(String accountId) throws IOException {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
    }
    RuleSet all = RuleSet.empty();
    for (String f : files()) {
      String text = read(f).replace(EXAMPLE_ACCOUNT, accountId);
      all = all.plus(RuleFiles.parse(text, f.endsWith(".yaml") || f.endsWith(".yml"), "rule pack " + f));
    }
    return all;
  }

  private static String read(String name) throws IOException {
    try (InputStream in = RulePack.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IOException("rule pack resource missing: " + BASE + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
