package keywatch.kms.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Encryption-context grant constraints as a table of cases: which request contexts a constraint
 * admits, and which constraints a grantee holding CreateGrant may pass on. All failures are
 * collected, then asserted none.
 */
class GrantConstraintsTest {
  static final Map<String, String> A = Map.of("a", "1");
  static final Map<String, String> AB = Map.of("a", "1", "b", "2");

  static GrantConstraints equalsTo(Map<String, String> m) {
    return new GrantConstraints(m, Map.of());
  }

  static GrantConstraints subsetOf(Map<String, String> m) {
    return new GrantConstraints(Map.of(), m);
  }

  record Admits(String why, GrantConstraints constraints, Map<String, String> context, boolean expected) {}

  record PassesOn(String why, GrantConstraints parent, GrantConstraints child, boolean expected) {}

  @Test
  void whichContextsAConstraintAdmits() {
    List<Admits> cases = List.of(
        new Admits("no constraint admits any context", GrantConstraints.NONE, AB, true),
        new Admits("no constraint admits no context", GrantConstraints.NONE, Map.of(), true),
        new Admits("equals admits the exact context", equalsTo(A), A, true),
        new Admits("equals refuses an extra pair", equalsTo(A), AB, false),
        new Admits("equals refuses no context", equalsTo(A), Map.of(), false),
        new Admits("equals compares values case-sensitively", equalsTo(A), Map.of("a", "1 "), false),
        new Admits("equals compares keys case-sensitively", equalsTo(A), Map.of("A", "1"), false),
        new Admits("subset admits the exact context", subsetOf(A), A, true),
        new Admits("subset admits a larger context", subsetOf(A), AB, true),
        new Admits("subset refuses a missing pair", subsetOf(AB), A, false),
        new Admits("subset refuses another value", subsetOf(A), Map.of("a", "2", "b", "2"), false),
        new Admits("subset refuses no context", subsetOf(A), Map.of(), false));
    List<String> failures = new ArrayList<>();
    for (Admits c : cases) {
      if (c.constraints().holdFor(c.context()) != c.expected()) {
        failures.add(c.why());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void whatAGranteeMayPassOn() {
    List<PassesOn> cases = List.of(
        new PassesOn("anything under no constraint", GrantConstraints.NONE, GrantConstraints.NONE, true),
        new PassesOn("a constraint under no constraint", GrantConstraints.NONE, equalsTo(A), true),
        new PassesOn("the same equals", equalsTo(A), equalsTo(A), true),
        new PassesOn("not another equals", equalsTo(A), equalsTo(AB), false),
        new PassesOn("not a subset under equals", equalsTo(A), subsetOf(A), false),
        new PassesOn("not nothing under equals", equalsTo(A), GrantConstraints.NONE, false),
        new PassesOn("the same subset", subsetOf(A), subsetOf(A), true),
        new PassesOn("a larger subset", subsetOf(A), subsetOf(AB), true),
        new PassesOn("not a smaller subset", subsetOf(AB), subsetOf(A), false),
        new PassesOn("an equals containing the subset", subsetOf(A), equalsTo(AB), true),
        new PassesOn("not an equals missing a pair", subsetOf(AB), equalsTo(A), false),
        new PassesOn("not nothing under a subset", subsetOf(A), GrantConstraints.NONE, false));
    List<String> failures = new ArrayList<>();
    for (PassesOn c : cases) {
      if (c.child().atLeastAsStrictAs(c.parent()) != c.expected()) {
        failures.add(c.why());
      }
    }
    assertThat(failures).isEmpty();
  }
}
