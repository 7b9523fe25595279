package keywatch.iam.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural parser: JSON text to Jackson's tree (strict: duplicate fields, trailing tokens
 * and deep nesting are errors), then a hand-written walk over the tree that checks every element
 * AWS checks and builds the immutable {@link Statement} AST.
 *
 * <pre>
 * policy     = "{" [ "Version": "2012-10-17" | "2008-10-17" ] [ "Id": string ] "Statement": statements "}"
 * statements = statement | "[" statement { "," statement } "]"
 * statement  = "{" [ "Sid": string ] "Effect": ("Allow" | "Deny")
 *                  [ ("Principal" | "NotPrincipal"): principal ]
 *                  ("Action" | "NotAction"): strings          (a key policy may omit it: no effect)
 *                  [ ("Resource" | "NotResource"): strings ]  (required but in a trust policy, where forbidden)
 *                  [ "Condition": "{" { operator: "{" { key: values } "}" } "}" ] "}"
 * principal  = "*" | "{" { ("AWS" | "Service" | "Federated" | "CanonicalUser"): strings } "}"
 * strings    = string | "[" string { "," string } "]"
 * values     = value | "[" value { "," value } "]"      value = string | number | boolean
 * </pre>
 */
final class PolicyParser {
    /** KMS: "The key policy size quota is 32 kilobytes (32768 bytes)". */
    static final int KEY_POLICY_MAX_CHARS = 32_768;
    /** A cap for every other kind, far above IAM's quotas, so that parsing stays cheap. */
    static final int MAX_CHARS = 131_072;
    static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(64)
                            .maxStringLength(MAX_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Set<String> TOP_FIELDS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern ALNUM = Pattern.compile("[0-9A-Za-z]*");
    private static final Pattern VENDOR = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z0-9_*?-]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern PRINCIPAL_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):(iam|sts)::(\\d{12}):(.+)");
    private static final Pattern IAM_NAME_PATH = Pattern.compile("[\\w+=,.@/-]+");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.[a-z0-9.-]*[a-z0-9]");

    private final PolicyKind kind;
    private boolean variables;

    private PolicyParser(PolicyKind kind) {
        this.kind = kind;
    }

    static Policy parse(String json, PolicyKind kind) {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (json == null || json.isBlank()) {
            throw new MalformedPolicyException("The policy document is empty.", "");
        }
        int limit = kind == PolicyKind.KEY_POLICY ? KEY_POLICY_MAX_CHARS : MAX_CHARS;
        if (json.length() > limit) {
            throw new MalformedPolicyException("The policy is " + json.length()
                    + " characters long; the limit is " + limit + ".", "", true);
        }
        if (kind == PolicyKind.KEY_POLICY) {
            checkKeyPolicyCharacters(json);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            long offset = loc == null ? -1 : loc.getCharOffset();
            throw new MalformedPolicyException("Syntax errors in policy. " + describe(e), "", false, offset);
        }
        return new PolicyParser(kind).policy(json, root);
    }

    /** KMS allows tab, LF, CR and U+0020..U+00FF in a key policy, nothing else. */
    private static void checkKeyPolicyCharacters(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF))) {
                throw new MalformedPolicyException(String.format(
                        "The key policy contains a character that is not allowed (U+%04X at offset %d): "
                                + "only printable characters through U+00FF, tab, line feed and carriage return.",
                        (int) c, i), "");
            }
        }
    }

    private static String describe(JacksonException e) {
        String what = e.getOriginalMessage();
        if (what == null) {
            what = "invalid JSON";
        }
        int nl = what.indexOf('\n');
        if (nl >= 0) {
            what = what.substring(0, nl);
        }
        // Jackson's "(start marker at [Source: REDACTED ...])" says nothing the line and column below do not.
        int marker = what.indexOf(" (start marker at [Source:");
        if (marker >= 0) {
            what = what.substring(0, marker);
        }
        if (what.length() > 160) {
            what = what.substring(0, 160) + "...";
        }
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            return what + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return what;
    }

    // ---------------------------------------------------------------- document

    private Policy policy(String json, JsonNode root) {
        if (!root.isObject()) {
            throw error("Syntax errors in policy. The policy must be a JSON object.", "");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) {
                throw error("Syntax errors in policy. Unknown field " + f + ".", "/" + escape(f));
            }
        }
        String version = Policy.VERSION_2008_10_17;
        JsonNode v = root.get("Version");
        if (v != null) {
            if (!v.isTextual() || !(v.asText().equals(Policy.VERSION_2012_10_17)
                    || v.asText().equals(Policy.VERSION_2008_10_17))) {
                throw error("The policy Version must be \"2012-10-17\" or \"2008-10-17\"; found " + show(v) + ".",
                        "/Version");
            }
            version = v.asText();
        }
        variables = version.equals(Policy.VERSION_2012_10_17);
        String id = null;
        JsonNode idNode = root.get("Id");
        if (idNode != null) {
            if (!idNode.isTextual()) {
                throw error("The policy Id must be a string.", "/Id");
            }
            id = idNode.asText();
        }
        JsonNode st = root.get("Statement");
        if (st == null) {
            throw error("Missing required field Statement.", "");
        }
        List<JsonNode> nodes = new ArrayList<>();
        boolean array = st.isArray();
        if (array) {
            st.forEach(nodes::add);
        } else {
            nodes.add(st);
        }
        if (nodes.isEmpty()) {
            throw error("The policy must contain at least one statement.", "/Statement");
        }
        List<Statement> statements = new ArrayList<>(nodes.size());
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = array ? "/Statement/" + i : "/Statement";
            Statement s = statement(i, nodes.get(i), at);
            if (s.sid() != null && !s.sid().isEmpty() && !sids.add(s.sid())) {
                throw error("Statement IDs (SID) in a single policy must be unique. Duplicate Sid \""
                        + s.sid() + "\".", at + "/Sid");
            }
            statements.add(s);
        }
        return new Policy(json, kind, version, id, statements);
    }

    // ---------------------------------------------------------------- statement

    private Statement statement(int index, JsonNode node, String at) {
        String where = "statement #" + (index + 1);
        if (!node.isObject()) {
            throw error("Syntax errors in policy. Each statement must be a JSON object (" + where + ").", at);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STATEMENT_FIELDS.contains(f)) {
                throw error("Syntax errors in policy. Unknown field " + f + " (" + where + ").", at + "/" + escape(f));
            }
        }
        String sid = null;
        JsonNode sidNode = node.get("Sid");
        if (sidNode != null) {
            if (!sidNode.isTextual()) {
                throw error("The Sid must be a string (" + where + ").", at + "/Sid");
            }
            sid = sidNode.asText();
            if (kind != PolicyKind.KEY_POLICY && !ALNUM.matcher(sid).matches()) {
                throw error("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
                        + "regular expression [0-9A-Za-z]* (" + where + ").", at + "/Sid");
            }
            if (!sid.isEmpty()) {
                where = where + ", Sid \"" + sid + "\"";
            }
        }

        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw error("Missing required field Effect (" + where + ").", at);
        }
        Effect effect;
        if (effectNode.isTextual() && effectNode.asText().equals("Allow")) {
            effect = Effect.ALLOW;
        } else if (effectNode.isTextual() && effectNode.asText().equals("Deny")) {
            effect = Effect.DENY;
        } else {
            throw error("Invalid effect: " + show(effectNode) + ". Effect must be \"Allow\" or \"Deny\" ("
                    + where + ").", at + "/Effect");
        }

        PrincipalElement principal = principalElement(node, at, where);
        ActionElement action = actionElement(node, at, where);
        ResourceElement resource = resourceElement(node, at, where);
        List<Condition> conditions = conditions(node.get("Condition"), at + "/Condition", where);
        return new Statement(index, sid, effect, principal, action, resource, conditions);
    }

    // ---------------------------------------------------------------- principal

    private PrincipalElement principalElement(JsonNode node, String at, String where) {
        JsonNode p = node.get("Principal");
        JsonNode np = node.get("NotPrincipal");
        if (kind == PolicyKind.IDENTITY) {
            if (p != null || np != null) {
                throw error("Policy document should not specify a principal (" + where + ").",
                        at + (p != null ? "/Principal" : "/NotPrincipal"));
            }
            return null;
        }
        if (p != null && np != null) {
            throw error("A statement cannot have both Principal and NotPrincipal (" + where + ").", at + "/NotPrincipal");
        }
        if (p == null && np == null) {
            throw error("Missing required field Principal (" + where + ").", at);
        }
        boolean negated = p == null;
        JsonNode value = negated ? np : p;
        String field = negated ? "NotPrincipal" : "Principal";
        String pAt = at + "/" + field;
        if (value.isTextual()) {
            if (!value.asText().equals("*")) {
                throw invalidPrincipal(where, field + " must be \"*\" or an object such as {\"AWS\": ...}; found "
                        + show(value), pAt);
            }
            return new PrincipalElement(negated, true, List.of());
        }
        if (!value.isObject() || value.isEmpty()) {
            throw invalidPrincipal(where, field + " must be \"*\" or a non-empty object such as {\"AWS\": ...}", pAt);
        }
        boolean anyone = false;
        List<PrincipalElement.PrincipalValue> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            PrincipalElement.Type type = principalType(e.getKey());
            String tAt = pAt + "/" + escape(e.getKey());
            if (type == null) {
                throw invalidPrincipal(where, "unknown principal type \"" + e.getKey()
                        + "\"; the types are AWS, Service, Federated and CanonicalUser", tAt);
            }
            List<String> names = strings(e.getValue(), tAt, where, field + "." + e.getKey(), true);
            if (names.isEmpty()) {
                throw invalidPrincipal(where, field + "." + e.getKey() + " is empty", tAt);
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String vAt = e.getValue().isArray() ? tAt + "/" + i : tAt;
                if (type == PrincipalElement.Type.AWS && name.equals("*")) {
                    anyone = true;
                    continue;
                }
                values.add(principalValue(type, name, where, field, vAt));
            }
        }
        return new PrincipalElement(negated, anyone, values);
    }

    private static PrincipalElement.Type principalType(String key) {
        for (PrincipalElement.Type t : PrincipalElement.Type.values()) {
            if (t.awsName().equals(key)) {
                return t;
            }
        }
        return null;
    }

    private PrincipalElement.PrincipalValue principalValue(PrincipalElement.Type type, String name, String where,
            String field, String at) {
        if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0) {
            throw invalidPrincipal(where, "wildcards are not allowed in " + field + " values other than \"*\" alone: \""
                    + name + "\"", at);
        }
        switch (type) {
            case AWS -> {
                if (ACCOUNT_ID.matcher(name).matches()) {
                    return new PrincipalElement.PrincipalValue(type, name, name);
                }
                var m = PRINCIPAL_ARN.matcher(name);
                if (m.matches()) {
                    String service = m.group(2);
                    String account = m.group(3);
                    String res = m.group(4);
                    if (service.equals("iam") && res.equals("root")) {
                        return new PrincipalElement.PrincipalValue(type, name, account);
                    }
                    if (service.equals("iam") && (res.startsWith("user/") || res.startsWith("role/"))
                            && validNamePath(res.substring(5))) {
                        return new PrincipalElement.PrincipalValue(type, name, null);
                    }
                    if (service.equals("sts") && (res.startsWith("assumed-role/") || res.startsWith("federated-user/"))
                            && validNamePath(res.substring(res.indexOf('/') + 1))) {
                        return new PrincipalElement.PrincipalValue(type, name, null);
                    }
                }
                throw invalidPrincipal(where, "\"" + name + "\" is not an account id, the ARN of an account root, "
                        + "an IAM user or role, or an STS session", at);
            }
            case SERVICE -> {
                if (!SERVICE_NAME.matcher(name).matches()) {
                    throw invalidPrincipal(where, "\"" + name + "\" is not a service principal such as "
                            + "\"logs.amazonaws.com\"", at);
                }
                return new PrincipalElement.PrincipalValue(type, name, null);
            }
            default -> {
                if (name.isBlank()) {
                    throw invalidPrincipal(where, field + "." + type.awsName() + " contains an empty value", at);
                }
                return new PrincipalElement.PrincipalValue(type, name, null);
            }
        }
    }

    private static boolean validNamePath(String s) {
        return !s.isEmpty() && !s.endsWith("/") && IAM_NAME_PATH.matcher(s).matches();
    }

    private MalformedPolicyException invalidPrincipal(String where, String detail, String at) {
        String head = kind == PolicyKind.KEY_POLICY
                ? "Policy contains a statement with one or more invalid principals."
                : "Invalid principal in policy.";
        return error(head + " " + capitalize(detail) + " (" + where + ").", at);
    }

    // ---------------------------------------------------------------- action, resource

    private ActionElement actionElement(JsonNode node, String at, String where) {
        JsonNode a = node.get("Action");
        JsonNode na = node.get("NotAction");
        if (a != null && na != null) {
            throw error("A statement cannot have both Action and NotAction (" + where + ").", at + "/NotAction");
        }
        if (a == null && na == null) {
            if (kind == PolicyKind.KEY_POLICY) {
                // KMS accepts such a statement; it has no effect.
                return new ActionElement(false, List.of());
            }
            throw error("Policy statement must contain actions (" + where + ").", at);
        }
        boolean negated = a == null;
        String field = negated ? "NotAction" : "Action";
        JsonNode value = negated ? na : a;
        List<String> names = strings(value, at + "/" + field, where, field, false);
        if (names.isEmpty()) {
            throw error("Policy statement must contain actions (" + where + ").", at + "/" + field);
        }
        List<Wildcard> patterns = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String vAt = value.isArray() ? at + "/" + field + "/" + i : at + "/" + field;
            if (!name.equals("*")) {
                int colon = name.indexOf(':');
                if (colon < 0) {
                    throw error("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. "
                            + field + " \"" + name + "\" (" + where + ").", vAt);
                }
                String vendor = name.substring(0, colon);
                String action = name.substring(colon + 1);
                if (!VENDOR.matcher(vendor).matches()) {
                    throw error("Vendor " + vendor + " is not valid: a service prefix is letters, digits and hyphens "
                            + "(" + field + " \"" + name + "\", " + where + ").", vAt);
                }
                if (!ACTION_NAME.matcher(action).matches()) {
                    throw error("Invalid action \"" + name + "\": the name after \"" + vendor + ":\" must be letters, "
                            + "digits and the wildcards * and ? (" + where + ").", vAt);
                }
                if (kind == PolicyKind.TRUST && !vendor.equalsIgnoreCase("sts")) {
                    throw error("A trust policy may only allow or deny sts: actions such as sts:AssumeRole; found \""
                            + name + "\" (" + where + ").", vAt);
                }
            } else if (kind == PolicyKind.TRUST) {
                throw error("A trust policy may only allow or deny sts: actions such as sts:AssumeRole; found \"*\" ("
                        + where + ").", vAt);
            }
            patterns.add(Wildcard.compile(name, true, true, false));
        }
        return new ActionElement(negated, patterns);
    }

    private ResourceElement resourceElement(JsonNode node, String at, String where) {
        JsonNode r = node.get("Resource");
        JsonNode nr = node.get("NotResource");
        if (kind == PolicyKind.TRUST) {
            if (r != null || nr != null) {
                throw error("Has prohibited field " + (r != null ? "Resource" : "NotResource")
                        + ": a trust policy's resource is the role itself (" + where + ").",
                        at + (r != null ? "/Resource" : "/NotResource"));
            }
            return null;
        }
        if (r != null && nr != null) {
            throw error("A statement cannot have both Resource and NotResource (" + where + ").", at + "/NotResource");
        }
        if (r == null && nr == null) {
            if (kind == PolicyKind.KEY_POLICY) {
                return new ResourceElement(false, List.of());
            }
            throw error("Policy statement must contain resources (" + where + ").", at);
        }
        boolean negated = r == null;
        String field = negated ? "NotResource" : "Resource";
        JsonNode value = negated ? nr : r;
        List<String> names = strings(value, at + "/" + field, where, field, false);
        if (names.isEmpty()) {
            throw error("Policy statement must contain resources (" + where + ").", at + "/" + field);
        }
        List<Wildcard> patterns = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String vAt = value.isArray() ? at + "/" + field + "/" + i : at + "/" + field;
            if (!name.equals("*") && (!name.startsWith("arn:") || Wildcard.arnFields(name, variables) == null)) {
                throw error("Resource " + name + " must be in ARN format or \"*\" (" + where + ").", vAt);
            }
            patterns.add(Wildcard.compile(name, false, true, variables));
        }
        return new ResourceElement(negated, patterns);
    }

    // ---------------------------------------------------------------- conditions

    private List<Condition> conditions(JsonNode block, String at, String where) {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject()) {
            throw error("Syntax errors in policy. Condition must be an object of operators (" + where + ").", at);
        }
        List<Condition> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            String opAt = at + "/" + escape(op.getKey());
            ConditionOperator operator = ConditionOperator.parse(op.getKey());
            if (operator == null) {
                throw error("Invalid Condition type : " + op.getKey() + " (" + where + ").", opAt);
            }
            JsonNode keys = op.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw error("Syntax errors in policy. Condition operator " + op.getKey()
                        + " must map condition keys to values (" + where + ").", opAt);
            }
            for (Iterator<Map.Entry<String, JsonNode>> kt = keys.fields(); kt.hasNext(); ) {
                Map.Entry<String, JsonNode> k = kt.next();
                String key = k.getKey();
                String kAt = opAt + "/" + escape(key);
                int colon = key.indexOf(':');
                if (colon <= 0 || colon == key.length() - 1 || !VENDOR.matcher(key.substring(0, colon)).matches()) {
                    throw error("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Condition key \""
                            + key + "\" (" + where + ").", kAt);
                }
                List<String> values = scalars(k.getValue(), kAt, where, key);
                if (values.isEmpty()) {
                    throw error("Condition key " + key + " under " + op.getKey() + " has no values (" + where + ").", kAt);
                }
                Condition.Operands operands = operands(operator, key, values, kAt, where);
                out.add(new Condition(operator, RequestContext.normalizeKey(key), values, operands));
            }
        }
        return out;
    }

    private Condition.Operands operands(ConditionOperator op, String key, List<String> values, String at, String where) {
        ConditionOperator.Comparison c = op.comparison();
        switch (c.family()) {
            case STRING -> {
                boolean ignoreCase = c == ConditionOperator.Comparison.STRING_EQUALS_IGNORE_CASE
                        || c == ConditionOperator.Comparison.STRING_NOT_EQUALS_IGNORE_CASE;
                boolean globbing = c == ConditionOperator.Comparison.STRING_LIKE
                        || c == ConditionOperator.Comparison.STRING_NOT_LIKE;
                List<Wildcard> ps = new ArrayList<>();
                for (String v : values) {
                    ps.add(Wildcard.compile(v, ignoreCase, globbing, variables));
                }
                return new Condition.Operands.Strings(ps);
            }
            case NUMERIC -> {
                List<java.math.BigDecimal> ns = new ArrayList<>();
                for (String v : values) {
                    var n = PolicyValues.number(v);
                    if (n == null) {
                        throw badValue(op, key, v, "a number such as 10 or 2.5", at, where);
                    }
                    ns.add(n);
                }
                return new Condition.Operands.Numbers(ns);
            }
            case DATE -> {
                List<java.time.Instant> ds = new ArrayList<>();
                for (String v : values) {
                    var d = PolicyValues.date(v);
                    if (d == null) {
                        throw badValue(op, key, v, "an ISO 8601 date such as 2020-01-01T00:00:00Z or epoch seconds",
                                at, where);
                    }
                    ds.add(d);
                }
                return new Condition.Operands.Dates(ds);
            }
            case BOOL, NULL -> {
                List<Boolean> bs = new ArrayList<>();
                for (String v : values) {
                    Boolean b = PolicyValues.bool(v);
                    if (b == null) {
                        throw badValue(op, key, v, "true or false", at, where);
                    }
                    bs.add(b);
                }
                return c.family() == ConditionOperator.Family.BOOL
                        ? new Condition.Operands.Bools(bs) : new Condition.Operands.Presence(bs);
            }
            case BINARY -> {
                List<ByteBuffer> bs = new ArrayList<>();
                for (String v : values) {
                    byte[] b = PolicyValues.binary(v);
                    if (b == null) {
                        throw badValue(op, key, v, "base64", at, where);
                    }
                    bs.add(ByteBuffer.wrap(b).asReadOnlyBuffer());
                }
                return new Condition.Operands.Binaries(bs);
            }
            case IP -> {
                List<IpNetwork> ns = new ArrayList<>();
                for (String v : values) {
                    IpNetwork n = IpNetwork.parse(v);
                    if (n == null) {
                        throw badValue(op, key, v, "an IPv4 or IPv6 address or CIDR block such as 203.0.113.0/24",
                                at, where);
                    }
                    ns.add(n);
                }
                return new Condition.Operands.Networks(ns);
            }
            case ARN -> {
                List<List<Wildcard>> arns = new ArrayList<>();
                for (String v : values) {
                    String[] fields = Wildcard.arnFields(v, variables);
                    List<Wildcard> ws = new ArrayList<>(6);
                    if (fields == null) {
                        ws.add(Wildcard.compile(v, false, true, variables));
                    } else {
                        for (String f : fields) {
                            ws.add(Wildcard.compile(f, false, true, variables));
                        }
                    }
                    arns.add(ws);
                }
                return new Condition.Operands.Arns(arns);
            }
            default -> throw new IllegalStateException(c.toString());
        }
    }

    private MalformedPolicyException badValue(ConditionOperator op, String key, String value, String expected,
            String at, String where) {
        return error("Invalid value \"" + value + "\" for " + op.name() + " on " + key + ": expected " + expected
                + " (" + where + ").", at);
    }

    // ---------------------------------------------------------------- helpers

    /** A string or a (possibly empty) array of strings. */
    private List<String> strings(JsonNode node, String at, String where, String field, boolean principal) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode e = node.get(i);
                if (!e.isTextual()) {
                    throw typeError(principal, field + " must be a string or an array of strings; element " + i
                            + " is " + show(e), at + "/" + i, where);
                }
                out.add(e.asText());
            }
            return out;
        }
        throw typeError(principal, field + " must be a string or an array of strings; found " + show(node), at, where);
    }

    private MalformedPolicyException typeError(boolean principal, String detail, String at, String where) {
        return principal ? invalidPrincipal(where, detail, at)
                : error("Syntax errors in policy. " + detail + " (" + where + ").", at);
    }

    /** A string, number or boolean, or an array of them; numbers and booleans as their JSON text. */
    private List<String> scalars(JsonNode node, String at, String where, String key) {
        if (node.isArray()) {
            List<String> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                out.add(scalar(node.get(i), at + "/" + i, where, key));
            }
            return out;
        }
        return List.of(scalar(node, at, where, key));
    }

    private String scalar(JsonNode node, String at, String where, String key) {
        if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        throw error("Syntax errors in policy. Condition values for " + key
                + " must be strings, numbers or booleans; found " + show(node) + " (" + where + ").", at);
    }

    private static MalformedPolicyException error(String message, String pointer) {
        return new MalformedPolicyException(message, pointer);
    }

    /** A short rendering of a node for a message: never the whole (possibly huge) value. */
    private static String show(JsonNode n) {
        String s;
        if (n.isTextual()) {
            s = "\"" + n.asText() + "\"";
        } else if (n.isObject()) {
            s = "an object";
        } else if (n.isArray()) {
            s = "an array";
        } else if (n.isNull()) {
            s = "null";
        } else {
            s = n.asText();
        }
        return s.length() > 80 ? s.substring(0, 80) + "...\"" : s;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** JSON Pointer escaping (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
