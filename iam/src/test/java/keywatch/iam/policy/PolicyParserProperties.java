package keywatch.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Robustness: whatever text arrives (PutKeyPolicy takes it from the network), the parser either
 * returns a Policy or throws {@link MalformedPolicyException}, nothing else; and a Policy it
 * returned never makes evaluation throw, whatever the request.
 */
class PolicyParserProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final List<String> KEYS = List.of("Version", "Id", "Statement", "Sid", "Effect", "Principal",
            "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition", "AWS", "Service", "Federated",
            "StringEquals", "StringLike", "StringNotEqualsIgnoreCase", "ForAnyValue:StringEquals",
            "ForAllValues:StringLike", "IpAddress", "NotIpAddressIfExists", "NumericLessThan", "DateGreaterThan",
            "Bool", "Null", "BinaryEquals", "ArnLike", "ArnNotEqualsIfExists", "aws:SourceIp",
            "kms:EncryptionContextKeys", "kms:EncryptionContext:tenant", "aws:PrincipalArn", "aws:CurrentTime", "x");
    private static final List<String> STRINGS = List.of("*", "kms:*", "kms:Encrypt", "kms:Re*", "Allow", "Deny",
            "allow", "2012-10-17", "2008-10-17", "arn:aws:iam::111122223333:root", "111122223333",
            "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/r", "logs.amazonaws.com",
            "arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:us-east-1:111122223333:key/k", "10.0.0.0/8",
            "2001:db8::/32", "::", "2020-01-01", "2020-01-01T00:00:00Z", "1577836800", "1.5", "-3", "true", "false",
            "${aws:username}", "${aws:username, 'x'}", "${", "${*}", "QUJD", "", " ", "\u00e9", "\u20ac", "a?b*",
            "arn:aws:kms", "[", "\\", "\"");

    // ------------------------------------------------------------------ parser never throws anything else

    @Property(tries = 400)
    void arbitraryTextIsParsedOrRejected(@ForAll("text") String text, @ForAll PolicyKind kind) {
        parseOrReject(text, kind);
    }

    @Property(tries = 600)
    void arbitraryJsonIsParsedOrRejected(@ForAll("anyJson") JsonNode json, @ForAll PolicyKind kind) throws Exception {
        parseOrReject(JSON.writeValueAsString(json), kind);
    }

    @Property(tries = 600, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void policyShapedDocumentsParseOrAreRejectedAndEvaluationNeverThrows(
            @ForAll("policyShaped") net.jqwik.api.Tuple.Tuple2<PolicyKind, JsonNode> document,
            @ForAll("requests") List<RequestContext> requests) throws Exception {
        Policy p = parseOrReject(JSON.writeValueAsString(document.get2()), document.get1());
        net.jqwik.api.statistics.Statistics.collect(p != null ? "parsed" : "rejected");
        if (p != null) {
            for (RequestContext r : requests) {
                Evaluation e = PolicyEvaluator.evaluate(p, r);
                assertThat(e.decision()).isNotNull();
                assertThat(e.decidingStatement() == null).isEqualTo(e.decision() == Decision.IMPLICIT_DENY);
                Authorization.forKey(p, List.of(p), r);
                Authorization.forAccount(List.of(p), r);
            }
        }
    }

    @Property(tries = 500)
    void mutatedValidPoliciesAreParsedOrRejected(@ForAll("mutations") String text, @ForAll PolicyKind kind,
            @ForAll("requests") List<RequestContext> requests) {
        Policy p = parseOrReject(text, kind);
        if (p != null) {
            for (RequestContext r : requests) {
                PolicyEvaluator.evaluate(p, r);
            }
        }
    }

    private static Policy parseOrReject(String text, PolicyKind kind) {
        try {
            return Policy.parse(text, kind);
        } catch (MalformedPolicyException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.getMessage().length()).isLessThan(600);
            return null;
        }
    }

    // ------------------------------------------------------------------ oracles for the matchers

    /** The glob matcher agrees with a regular expression built from the same pattern. */
    @Property(tries = 2000)
    void wildcardAgreesWithARegexOracle(@ForAll("globs") String pattern, @ForAll("globSubjects") String subject,
            @ForAll boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        int flags = java.util.regex.Pattern.DOTALL | (ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        boolean expected = java.util.regex.Pattern.compile(regex.toString(), flags).matcher(subject).matches();
        assertThat(Wildcard.compile(pattern, ignoreCase, true, false).matches(subject, null)).isEqualTo(expected);
    }

    /** IPv4 CIDR membership agrees with integer arithmetic. */
    @Property(tries = 2000)
    void ipv4CidrAgreesWithIntegerArithmetic(@ForAll int network, @ForAll @IntRange(min = 0, max = 32) int prefix,
            @ForAll int address) {
        IpNetwork n = IpNetwork.parse(dotted(network) + "/" + prefix);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        boolean expected = ((network & 0xFFFFFFFFL) & mask) == ((address & 0xFFFFFFFFL) & mask);
        assertThat(n.contains(dotted(address))).isEqualTo(expected);
        assertThat(n.contains(dotted(network))).isTrue();
    }

    private static String dotted(int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,tfn0123456789.-eE \\u").ofMaxLength(80),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(80));
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return Arbitraries.recursive(this::leaf, this::container, 0, 4);
    }

    private Arbitrary<JsonNode> leaf() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(STRINGS).map(F::textNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(F::textNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().map(i -> (JsonNode) F.numberNode(i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) F.nullNode())));
    }

    private Arbitrary<JsonNode> container(Arbitrary<JsonNode> inner) {
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(3).map(items -> {
            ArrayNode a = F.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of(KEYS).list().ofMaxSize(3),
                inner.list().ofSize(3)).as((keys, values) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
        return Arbitraries.oneOf(array, object, object, leaf());
    }

    /** A kind and a document with the right skeleton for it and mostly plausible values, so that many parse. */
    @Provide
    Arbitrary<net.jqwik.api.Tuple.Tuple2<PolicyKind, JsonNode>> policyShaped() {
        return Arbitraries.of(PolicyKind.class).flatMap(kind -> policyShaped(kind).map(j -> net.jqwik.api.Tuple.of(kind, j)));
    }

    private Arbitrary<JsonNode> policyShaped(PolicyKind kind) {
        boolean wantsPrincipal = kind != PolicyKind.IDENTITY;
        Arbitrary<String> actions = kind == PolicyKind.TRUST
                ? Arbitraries.frequency(net.jqwik.api.Tuple.of(10, "sts:AssumeRole"), net.jqwik.api.Tuple.of(5, "sts:*"),
                        net.jqwik.api.Tuple.of(1, "kms:Decrypt"))
                : Arbitraries.frequency(net.jqwik.api.Tuple.of(5, "*"), net.jqwik.api.Tuple.of(10, "kms:*"),
                        net.jqwik.api.Tuple.of(10, "kms:Encrypt"), net.jqwik.api.Tuple.of(10, "kms:De*"),
                        net.jqwik.api.Tuple.of(5, "KMS:describe?ey"), net.jqwik.api.Tuple.of(3, "s3:Get*"),
                        net.jqwik.api.Tuple.of(1, "kms"));
        Arbitrary<JsonNode> statement = Combinators.combine(
                rarelyMissing(Arbitraries.frequency(net.jqwik.api.Tuple.of(10, "Allow"), net.jqwik.api.Tuple.of(10, "Deny"), net.jqwik.api.Tuple.of(1, "allow")).map(F::textNode), 3),
                wantsPrincipal ? rarelyMissing(principal(), 3) : rarelyPresent(principal(), 3),
                rarelyMissing(stringOrList(actions), 3),
                kind == PolicyKind.TRUST
                        ? rarelyPresent(Arbitraries.just((JsonNode) F.textNode("*")), 3)
                        : rarelyMissing(stringOrList(Arbitraries.frequency(net.jqwik.api.Tuple.of(10, "*"),
                                net.jqwik.api.Tuple.of(10, "arn:aws:kms:*:111122223333:key/*"),
                                net.jqwik.api.Tuple.of(10, "arn:aws:kms:us-east-1:111122223333:key/k"),
                                net.jqwik.api.Tuple.of(10, "arn:aws:kms:*:*:alias/${aws:username}-*"),
                                net.jqwik.api.Tuple.of(1, "key"))), 3),
                Arbitraries.oneOf(condition().map(java.util.Optional::of), Arbitraries.just(java.util.Optional.<JsonNode>empty())),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 9))
                .as((effect, principal, action, resource, condition, negations, sid) -> {
                    ObjectNode s = F.objectNode();
                    if (sid > 2) {
                        s.put("Sid", "S" + sid);
                    }
                    effect.ifPresent(e -> s.set("Effect", e));
                    principal.ifPresent(p -> s.set(negations == 1 ? "NotPrincipal" : "Principal", p));
                    action.ifPresent(a -> s.set(negations == 2 ? "NotAction" : "Action", a));
                    resource.ifPresent(r -> s.set(negations == 3 ? "NotResource" : "Resource", r));
                    condition.ifPresent(c -> s.set("Condition", c));
                    return (JsonNode) s;
                });
        return Combinators.combine(statement.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.of("2012-10-17", "2008-10-17", "none")).as((statements, version) -> {
                    ObjectNode p = F.objectNode();
                    if (!version.equals("none")) {
                        p.put("Version", version);
                    }
                    ArrayNode a = p.putArray("Statement");
                    statements.forEach(a::add);
                    return p;
                });
    }

    private static <T> Arbitrary<java.util.Optional<T>> rarelyMissing(Arbitrary<T> a, int percentMissing) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(100 - percentMissing, a.map(java.util.Optional::of)),
                net.jqwik.api.Tuple.of(percentMissing, Arbitraries.just(java.util.Optional.<T>empty())));
    }

    private static <T> Arbitrary<java.util.Optional<T>> rarelyPresent(Arbitrary<T> a, int percentPresent) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(percentPresent, a.map(java.util.Optional::of)),
                net.jqwik.api.Tuple.of(100 - percentPresent, Arbitraries.just(java.util.Optional.<T>empty())));
    }

    private Arbitrary<JsonNode> principal() {
        Arbitrary<JsonNode> aws = stringOrList(Arbitraries.of("*", "111122223333", "arn:aws:iam::111122223333:root",
                "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/r",
                "arn:aws:sts::111122223333:assumed-role/r/s", "arn:aws:iam::444455556666:root", "111122223333",
                "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:role/r2",
                "AIDAEXAMPLE"))
                .map(v -> (JsonNode) F.objectNode().set("AWS", v));
        Arbitrary<JsonNode> service = Arbitraries.of("logs.amazonaws.com", "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com", "rds.amazonaws.com", "*")
                .map(v -> (JsonNode) F.objectNode().put("Service", v));
        return Arbitraries.oneOf(aws, aws, service, Arbitraries.just((JsonNode) F.textNode("*")));
    }

    private Arbitrary<JsonNode> condition() {
        Arbitrary<String> operators = Arbitraries.of("StringEquals", "StringNotLike", "StringEqualsIgnoreCase",
                "ForAnyValue:StringLike", "ForAllValues:StringEquals", "ForAllValues:StringNotEquals",
                "StringEqualsIfExists", "NumericLessThan", "NumericGreaterThanEqualsIfExists", "DateLessThan",
                "DateNotEquals", "Bool", "BoolIfExists", "Null", "BinaryEquals", "IpAddress", "NotIpAddress",
                "ArnLike", "ArnNotEquals", "ArnEqualsIfExists", "ForAnyValue:IpAddress", "NumericEquals",
                "DateGreaterThanEquals", "ForAllValues:ArnLike", "StringLike", "StringEqualz");
        Arbitrary<String> keys = Arbitraries.of("aws:SourceIp", "kms:EncryptionContextKeys",
                "kms:EncryptionContext:tenant", "aws:PrincipalArn", "aws:CurrentTime", "kms:NumberOfBytes",
                "aws:SecureTransport", "kms:ViaService", "kms:Blob", "aws:SourceArn");
        return Combinators.combine(operators, keys, Arbitraries.integers().between(0, 29)).flatAs((op, key, chaos) -> {
            Arbitrary<String> plausible = chaos == 0 ? Arbitraries.of(STRINGS) : valuesFor(op);
            return stringOrList(plausible).map(value -> {
                ObjectNode c = F.objectNode();
                c.putObject(op).set(key, value);
                return (JsonNode) c;
            });
        }).list().ofMinSize(1).ofMaxSize(3).map(list -> {
            ObjectNode merged = F.objectNode();
            for (JsonNode c : list) {
                c.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
            }
            return merged;
        });
    }

    private static Arbitrary<String> valuesFor(String operator) {
        if (operator.contains("Numeric")) {
            return Arbitraries.of("1.5", "-3", "64", "0");
        }
        if (operator.contains("Date")) {
            return Arbitraries.of("2020-01-01", "1577836800", "2030-01-01T00:00:00Z", "2026-11-27T12:00:00+02:00");
        }
        if (operator.contains("Bool") || operator.equals("Null")) {
            return Arbitraries.of("true", "false");
        }
        if (operator.contains("Binary")) {
            return Arbitraries.of("QUJD", "");
        }
        if (operator.contains("Ip")) {
            return Arbitraries.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.1", "::/0");
        }
        return Arbitraries.of(STRINGS);
    }

    private static Arbitrary<JsonNode> stringOrList(Arbitrary<String> strings) {
        return Arbitraries.oneOf(strings.map(F::textNode), strings.list().ofMinSize(1).ofMaxSize(3).map(l -> {
            ArrayNode a = F.arrayNode();
            l.forEach(a::add);
            return (JsonNode) a;
        }));
    }

    @Provide
    Arbitrary<String> mutations() {
        List<String> valid = List.of(
                DefaultKeyPolicy.json("aws", "111122223333"),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Principal\":\"*\","
                        + "\"Action\":[\"kms:Decrypt\",\"kms:Re*\"],\"Resource\":\"*\",\"Condition\":{"
                        + "\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]},"
                        + "\"ForAllValues:StringLike\":{\"kms:EncryptionContextKeys\":\"app-*\"},"
                        + "\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"},"
                        + "\"NumericLessThanEqualsIfExists\":{\"kms:NumberOfBytes\":64.5}}}]}");
        return Combinators.combine(Arbitraries.of(valid), Arbitraries.integers().between(0, 1_000_000).list().ofMinSize(1)
                .ofMaxSize(4), Arbitraries.chars().with("{}[]\":,*?$\\ a0".toCharArray()), Arbitraries.integers().between(0, 2))
                .as((text, positions, ch, how) -> {
                    StringBuilder b = new StringBuilder(text);
                    for (int pos : positions) {
                        if (b.length() == 0) {
                            break;
                        }
                        int i = pos % b.length();
                        switch (how) {
                            case 0 -> b.deleteCharAt(i);
                            case 1 -> b.insert(i, ch);
                            default -> b.setCharAt(i, ch);
                        }
                    }
                    return b.toString();
                });
    }

    @Provide
    Arbitrary<List<RequestContext>> requests() {
        Arbitrary<String> principals = Arbitraries.of("arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice",
                "arn:aws:sts::111122223333:assumed-role/r/s", "arn:aws:iam::444455556666:user/x", "logs.amazonaws.com", "none");
        Arbitrary<Map<String, List<String>>> context = Arbitraries.maps(
                Arbitraries.of("aws:SourceIp", "kms:EncryptionContextKeys", "KMS:EncryptionContext:Tenant",
                        "aws:username", "aws:CurrentTime", "kms:NumberOfBytes", "aws:SecureTransport", "kms:Blob",
                        "aws:SourceArn", "aws:PrincipalArn"),
                Arbitraries.of(STRINGS).list().ofMaxSize(3)).ofMaxSize(5);
        return Combinators.combine(principals,
                Arbitraries.of("kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "sts:AssumeRole", "", "KMS:ENCRYPT"),
                Arbitraries.of("arn:aws:kms:us-east-1:111122223333:key/k", "arn:aws:kms:us-east-1:111122223333:alias/alice-1",
                        "not-an-arn", "", "none"),
                context).as((p, action, resource, keys) -> {
                    boolean none = p.equals("none");
                    boolean service = p.startsWith("logs");
                    String account = none || service ? null : p.split(":")[4];
                    Set<String> ids = none ? Set.of() : Set.of(p);
                    return new RequestContext(none || service ? null : p, ids, account, action,
                            resource.equals("none") ? null : resource, keys);
                }).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("aAb*?:").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> globSubjects() {
        return Arbitraries.strings().withChars("aAb:*?").ofMaxLength(10);
    }
}
