package keywatch.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every table in {@code src/test/resources/policy-cases/*.json}: each file holds policies and
 * cases (principal, action, resource, context → decision and the deciding statement's Sid). All
 * failures are collected, then asserted none, so one run shows every broken row.
 *
 * <p>File shape: {@code mode} is {@code "policy"} (one policy, {@link PolicyEvaluator}),
 * {@code "key"} ({@link Authorization#forKey}) or {@code "account"} ({@link Authorization#forAccount});
 * {@code policy} + {@code kind}, or {@code keyPolicy} + {@code identityPolicies} (lists of policies
 * keyed by the user or role ARN they are attached to). A principal is written as its ARN (a root,
 * user or assumed-role session ARN; the session also matches as its role), {@code service:NAME}, or
 * {@code anonymous}.
 */
class PolicyCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTableRowDecidesAsDocumented() throws Exception {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        List<Path> files = caseFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            JsonNode table = JSON.readTree(Files.readString(file));
            String fileName = file.getFileName().toString();
            Map<String, Policy> policies;
            try {
                policies = policies(table);
            } catch (MalformedPolicyException e) {
                failures.add(fileName + ": a policy did not parse: " + e.getMessage());
                continue;
            }
            for (JsonNode c : table.get("cases")) {
                cases++;
                String name = fileName + " / " + c.path("name").asText("(unnamed)");
                try {
                    String problem = run(table, policies, c);
                    if (problem != null) {
                        failures.add(name + ": " + problem);
                    }
                } catch (RuntimeException e) {
                    failures.add(name + ": threw " + e);
                }
            }
        }
        System.out.println("policy cases: " + cases + " rows in " + files.size() + " files, " + failures.size()
                + " failed");
        assertThat(failures).as("failing policy cases").isEmpty();
        assertThat(cases).isGreaterThan(100);
    }

    private static List<Path> caseFiles() throws URISyntaxException, IOException {
        Path dir = Path.of(Objects.requireNonNull(PolicyCasesTest.class.getResource("/policy-cases")).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** "policy" under its kind, "keyPolicy", and "identity:<arn>#<i>" for each identity policy. */
    private static Map<String, Policy> policies(JsonNode table) throws IOException {
        Map<String, Policy> out = new LinkedHashMap<>();
        if (table.has("policy")) {
            PolicyKind kind = PolicyKind.valueOf(table.path("kind").asText("IDENTITY"));
            out.put("policy", Policy.parse(JSON.writeValueAsString(table.get("policy")), kind));
        }
        if (table.has("keyPolicy")) {
            out.put("keyPolicy", Policy.parse(JSON.writeValueAsString(table.get("keyPolicy")), PolicyKind.KEY_POLICY));
        }
        JsonNode ids = table.path("identityPolicies");
        for (Iterator<Map.Entry<String, JsonNode>> it = ids.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int i = 0;
            for (JsonNode p : e.getValue()) {
                out.put("identity:" + e.getKey() + "#" + i++,
                        Policy.parse(JSON.writeValueAsString(p), PolicyKind.IDENTITY));
            }
        }
        return out;
    }

    private static String run(JsonNode table, Map<String, Policy> policies, JsonNode c) {
        RequestContext request = request(c);
        String mode = c.path("mode").asText(table.path("mode").asText("policy"));
        Evaluation got = switch (mode) {
            case "policy" -> PolicyEvaluator.evaluate(policies.get("policy"), request);
            case "key" -> Authorization.forKey(policies.get("keyPolicy"), identityPoliciesOf(policies, request), request);
            case "account" -> Authorization.forAccount(identityPoliciesOf(policies, request), request);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        Decision expected = Decision.valueOf(c.get("expect").asText());
        String expectedSid = c.hasNonNull("sid") ? c.get("sid").asText() : null;
        if (got.decision() != expected || !Objects.equals(got.decidingSid(), expectedSid)) {
            return "expected " + expected + (expectedSid == null ? "" : " by \"" + expectedSid + "\"") + ", got "
                    + got.decision() + (got.decidingSid() == null ? "" : " by \"" + got.decidingSid() + "\"");
        }
        return null;
    }

    /** The identity policies attached to the caller: to the user, or to the role of a session. */
    private static List<Policy> identityPoliciesOf(Map<String, Policy> policies, RequestContext request) {
        List<Policy> out = new ArrayList<>();
        for (Map.Entry<String, Policy> e : policies.entrySet()) {
            if (!e.getKey().startsWith("identity:")) {
                continue;
            }
            String owner = e.getKey().substring("identity:".length(), e.getKey().lastIndexOf('#'));
            if (request.principalIdentifiers().contains(owner)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    static RequestContext request(JsonNode c) {
        String principal = c.path("principal").asText("anonymous");
        Set<String> ids = new LinkedHashSet<>();
        String arn = null;
        String account = null;
        if (principal.startsWith("service:")) {
            ids.add(principal.substring("service:".length()));
        } else if (principal.startsWith("arn:")) {
            arn = principal;
            String[] f = principal.split(":", 6);
            account = f[4];
            ids.add(principal);
            if (f[2].equals("sts") && f[5].startsWith("assumed-role/")) {
                String role = f[5].substring("assumed-role/".length(), f[5].lastIndexOf('/'));
                ids.add("arn:" + f[1] + ":iam::" + account + ":role/" + role);
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("context").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            keys.put(e.getKey(), values);
        }
        String resource = c.hasNonNull("resource") ? c.get("resource").asText() : null;
        return new RequestContext(arn, ids, account, c.path("action").asText(), resource, keys);
    }
}
