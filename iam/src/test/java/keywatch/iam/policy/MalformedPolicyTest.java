package keywatch.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each way AWS rejects a policy document (PutKeyPolicy's MalformedPolicyDocumentException, IAM's
 * MalformedPolicyDocument) gives a {@link MalformedPolicyException} whose message says what (AWS's
 * sentence where AWS has one) and where (statement and Sid, and a JSON Pointer). Sources: IAM User
 * Guide, 'IAM JSON policy element reference' and 'Grammar of the IAM JSON policy language'; KMS API
 * Reference, PutKeyPolicy (Policy parameter: principals, characters, 32 KiB).
 *
 * <p>Policies are written with single quotes for readability; {@link #j} turns them into JSON.
 */
class MalformedPolicyTest {

    private record Case(String name, PolicyKind kind, String json, String messageContains, String pointer) {}

    private static final String OK_STATEMENT = "{'Effect':'Allow','Action':'kms:*','Resource':'*'}";

    private static final List<Case> CASES = List.of(
            // JSON itself
            c("empty document", PolicyKind.IDENTITY, "", "The policy document is empty.", ""),
            c("not JSON", PolicyKind.IDENTITY, "{'Statement': [", "Syntax errors in policy.", ""),
            c("JSON error gives line and column", PolicyKind.IDENTITY, "{\n 'Statement': oops }", "(line 2, column", ""),
            c("trailing tokens", PolicyKind.IDENTITY, "{'Statement':" + OK_STATEMENT + "} {}", "Syntax errors in policy.", ""),
            c("an array, not an object", PolicyKind.IDENTITY, "[" + OK_STATEMENT + "]", "must be a JSON object", ""),
            c("duplicate field", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Effect':'Deny','Action':'kms:*','Resource':'*'}}",
                    "Duplicate field 'Effect'", ""),
            c("nesting deeper than any policy needs", PolicyKind.IDENTITY,
                    "{'Statement':" + "[".repeat(40) + "]".repeat(40) + "}", "Syntax errors in policy.", ""),
            // the document
            c("unknown top-level field", PolicyKind.IDENTITY, "{'Statements':[" + OK_STATEMENT + "]}", "Unknown field Statements", "/Statements"),
            c("unknown Version", PolicyKind.IDENTITY, "{'Version':'2012-10-18','Statement':" + OK_STATEMENT + "}",
                    "The policy Version must be \"2012-10-17\" or \"2008-10-17\"; found \"2012-10-18\"", "/Version"),
            c("Version as a number", PolicyKind.IDENTITY, "{'Version':2012,'Statement':" + OK_STATEMENT + "}", "The policy Version must be", "/Version"),
            c("Id not a string", PolicyKind.IDENTITY, "{'Id':1,'Statement':" + OK_STATEMENT + "}", "The policy Id must be a string.", "/Id"),
            c("no Statement", PolicyKind.IDENTITY, "{'Version':'2012-10-17'}", "Missing required field Statement.", ""),
            c("empty Statement list", PolicyKind.IDENTITY, "{'Statement':[]}", "at least one statement", "/Statement"),
            c("a statement that is not an object", PolicyKind.IDENTITY, "{'Statement':['Allow']}", "Each statement must be a JSON object (statement #1)", "/Statement/0"),
            // statement fields
            c("unknown statement field", PolicyKind.IDENTITY, "{'Statement':[{'Effect':'Allow','Actions':'kms:*','Resource':'*'}]}",
                    "Unknown field Actions (statement #1)", "/Statement/0/Actions"),
            c("missing Effect", PolicyKind.IDENTITY, "{'Statement':[" + OK_STATEMENT + ",{'Sid':'Two','Action':'kms:*','Resource':'*'}]}",
                    "Missing required field Effect (statement #2, Sid \"Two\")", "/Statement/1"),
            c("Effect in the wrong case", PolicyKind.IDENTITY, "{'Statement':{'Effect':'allow','Action':'kms:*','Resource':'*'}}",
                    "Invalid effect: \"allow\". Effect must be \"Allow\" or \"Deny\"", "/Statement/Effect"),
            c("Sid not a string", PolicyKind.IDENTITY, "{'Statement':{'Sid':7,'Effect':'Allow','Action':'kms:*','Resource':'*'}}",
                    "The Sid must be a string", "/Statement/Sid"),
            c("identity policy Sid with spaces", PolicyKind.IDENTITY, "{'Statement':{'Sid':'Allow all','Effect':'Allow','Action':'kms:*','Resource':'*'}}",
                    "Statement IDs (SID) must be alpha-numeric.", "/Statement/Sid"),
            c("duplicate Sid", PolicyKind.KEY_POLICY, "{'Statement':[" + keyStmt("'Sid':'Same'") + "," + keyStmt("'Sid':'Same'") + "]}",
                    "Statement IDs (SID) in a single policy must be unique. Duplicate Sid \"Same\".", "/Statement/1/Sid"),
            // principals
            c("identity policy with a Principal", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Principal':'*','Action':'kms:*','Resource':'*'}}",
                    "Policy document should not specify a principal", "/Statement/Principal"),
            c("key policy without a Principal", PolicyKind.KEY_POLICY, "{'Statement':" + OK_STATEMENT + "}",
                    "Missing required field Principal (statement #1)", "/Statement"),
            c("both Principal and NotPrincipal", PolicyKind.KEY_POLICY,
                    "{'Statement':{'Effect':'Deny','Principal':'*','NotPrincipal':{'AWS':'111122223333'},'Action':'kms:*','Resource':'*'}}",
                    "both Principal and NotPrincipal", "/Statement/NotPrincipal"),
            c("Principal a bare name", PolicyKind.KEY_POLICY, principalPolicy("'alice'"),
                    "Policy contains a statement with one or more invalid principals. Principal must be \"*\" or an object", "/Statement/Principal"),
            c("Principal an empty object", PolicyKind.KEY_POLICY, principalPolicy("{}"),
                    "Policy contains a statement with one or more invalid principals.", "/Statement/Principal"),
            c("unknown principal type", PolicyKind.KEY_POLICY, principalPolicy("{'User':'alice'}"),
                    "Unknown principal type \"User\"; the types are AWS, Service, Federated and CanonicalUser", "/Statement/Principal/User"),
            c("empty AWS list", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':[]}"),
                    "Principal.AWS is empty", "/Statement/Principal/AWS"),
            c("AWS principal a number", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':111122223333}"),
                    "Policy contains a statement with one or more invalid principals. Principal.AWS must be a string or an array of strings", "/Statement/Principal/AWS"),
            c("wildcard inside a principal ARN", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':'arn:aws:iam::111122223333:user/*'}"),
                    "Wildcards are not allowed", "/Statement/Principal/AWS"),
            c("a unique id instead of an ARN", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':['arn:aws:iam::111122223333:root','AIDACKCEVSQ6C2EXAMPLE']}"),
                    "\"AIDACKCEVSQ6C2EXAMPLE\" is not an account id", "/Statement/Principal/AWS/1"),
            c("an account id of the wrong length", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':'arn:aws:iam::1111:root'}"),
                    "is not an account id", "/Statement/Principal/AWS"),
            c("a group is not a principal", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':'arn:aws:iam::111122223333:group/admins'}"),
                    "is not an account id", "/Statement/Principal/AWS"),
            c("a KMS ARN is not a principal", PolicyKind.KEY_POLICY, principalPolicy("{'AWS':'arn:aws:kms:us-east-1:111122223333:key/x'}"),
                    "is not an account id", "/Statement/Principal/AWS"),
            c("service principal *", PolicyKind.KEY_POLICY, principalPolicy("{'Service':'*'}"),
                    "Wildcards are not allowed", "/Statement/Principal/Service"),
            c("service principal without a domain", PolicyKind.KEY_POLICY, principalPolicy("{'Service':'logs'}"),
                    "is not a service principal", "/Statement/Principal/Service"),
            c("trust policy: invalid principal wording", PolicyKind.TRUST,
                    "{'Statement':{'Effect':'Allow','Principal':{'AWS':'bob'},'Action':'sts:AssumeRole'}}",
                    "Invalid principal in policy.", "/Statement/Principal/AWS"),
            // actions
            c("both Action and NotAction", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:*','NotAction':'kms:Decrypt','Resource':'*'}}",
                    "both Action and NotAction", "/Statement/NotAction"),
            c("identity statement without actions", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Resource':'*'}}",
                    "Policy statement must contain actions (statement #1)", "/Statement"),
            c("empty Action list", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':[],'Resource':'*'}}",
                    "Policy statement must contain actions", "/Statement/Action"),
            c("action without a vendor", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'Encrypt','Resource':'*'}}",
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", "/Statement/Action"),
            c("vendor with a wildcard", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':['kms:Encrypt','k*s:Decrypt'],'Resource':'*'}}",
                    "Vendor k*s is not valid", "/Statement/Action/1"),
            c("action name with a space", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:Encrypt Decrypt','Resource':'*'}}",
                    "Invalid action \"kms:Encrypt Decrypt\"", "/Statement/Action"),
            c("empty action name", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:','Resource':'*'}}",
                    "Invalid action \"kms:\"", "/Statement/Action"),
            c("action list with a number", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':['kms:Encrypt',5],'Resource':'*'}}",
                    "Action must be a string or an array of strings; element 1 is 5", "/Statement/Action/1"),
            c("action an object", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':{'kms':'*'},'Resource':'*'}}",
                    "Action must be a string or an array of strings; found an object", "/Statement/Action"),
            c("trust policy: a non-sts action", PolicyKind.TRUST,
                    "{'Statement':{'Effect':'Allow','Principal':{'Service':'ecs-tasks.amazonaws.com'},'Action':'kms:Decrypt'}}",
                    "A trust policy may only allow or deny sts: actions", "/Statement/Action"),
            // resources
            c("identity statement without resources", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:*'}}",
                    "Policy statement must contain resources", "/Statement"),
            c("resource not an ARN", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'key/1234'}}",
                    "Resource key/1234 must be in ARN format or \"*\"", "/Statement/Resource"),
            c("resource ARN with too few fields", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':['*','arn:aws:kms']}}",
                    "Resource arn:aws:kms must be in ARN format", "/Statement/Resource/1"),
            c("both Resource and NotResource", PolicyKind.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','NotResource':'*'}}",
                    "both Resource and NotResource", "/Statement/NotResource"),
            c("trust policy with a Resource", PolicyKind.TRUST,
                    "{'Statement':{'Effect':'Allow','Principal':{'Service':'ecs-tasks.amazonaws.com'},'Action':'sts:AssumeRole','Resource':'*'}}",
                    "Has prohibited field Resource", "/Statement/Resource"),
            // conditions
            c("unknown condition operator", PolicyKind.IDENTITY, cond("{'StringEqualz':{'aws:username':'a'}}"),
                    "Invalid Condition type : StringEqualz", "/Statement/Condition/StringEqualz"),
            c("operator in the wrong case", PolicyKind.IDENTITY, cond("{'stringequals':{'aws:username':'a'}}"),
                    "Invalid Condition type : stringequals", "/Statement/Condition/stringequals"),
            c("misspelt set operator", PolicyKind.IDENTITY, cond("{'ForAllValue:StringEquals':{'kms:EncryptionContextKeys':'a'}}"),
                    "Invalid Condition type : ForAllValue:StringEquals", "/Statement/Condition/ForAllValue:StringEquals"),
            c("Null takes no IfExists", PolicyKind.IDENTITY, cond("{'NullIfExists':{'aws:username':'true'}}"),
                    "Invalid Condition type : NullIfExists", "/Statement/Condition/NullIfExists"),
            c("Null takes no set operator", PolicyKind.IDENTITY, cond("{'ForAnyValue:Null':{'aws:username':'true'}}"),
                    "Invalid Condition type : ForAnyValue:Null", "/Statement/Condition/ForAnyValue:Null"),
            c("Condition not an object", PolicyKind.IDENTITY, cond("['StringEquals']"),
                    "Condition must be an object of operators", "/Statement/Condition"),
            c("operator without keys", PolicyKind.IDENTITY, cond("{'StringEquals':{}}"),
                    "must map condition keys to values", "/Statement/Condition/StringEquals"),
            c("condition key without a vendor", PolicyKind.IDENTITY, cond("{'StringEquals':{'username':'a'}}"),
                    "Actions/Conditions must be prefaced by a vendor", "/Statement/Condition/StringEquals/username"),
            c("condition value null", PolicyKind.IDENTITY, cond("{'StringEquals':{'aws:username':null}}"),
                    "must be strings, numbers or booleans; found null", "/Statement/Condition/StringEquals/aws:username"),
            c("condition value an object", PolicyKind.IDENTITY, cond("{'StringEquals':{'aws:username':{'a':'b'}}}"),
                    "found an object", "/Statement/Condition/StringEquals/aws:username"),
            c("condition values empty", PolicyKind.IDENTITY, cond("{'StringEquals':{'aws:username':[]}}"),
                    "has no values", "/Statement/Condition/StringEquals/aws:username"),
            c("numeric value not a number", PolicyKind.IDENTITY, cond("{'NumericLessThan':{'kms:NumberOfBytes':'ten'}}"),
                    "Invalid value \"ten\" for NumericLessThan on kms:NumberOfBytes: expected a number", "/Statement/Condition/NumericLessThan/kms:NumberOfBytes"),
            c("date value not a date", PolicyKind.IDENTITY, cond("{'DateGreaterThan':{'aws:CurrentTime':'tomorrow'}}"),
                    "Invalid value \"tomorrow\" for DateGreaterThan", "/Statement/Condition/DateGreaterThan/aws:CurrentTime"),
            c("IPv4 address out of range", PolicyKind.IDENTITY, cond("{'IpAddress':{'aws:SourceIp':['10.0.0.0/8','300.1.1.1/8']}}"),
                    "Invalid value \"300.1.1.1/8\" for IpAddress", "/Statement/Condition/IpAddress/aws:SourceIp"),
            c("IPv4 prefix too long", PolicyKind.IDENTITY, cond("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/33'}}"),
                    "Invalid value \"10.0.0.0/33\" for NotIpAddress", "/Statement/Condition/NotIpAddress/aws:SourceIp"),
            c("IPv6 with two ::", PolicyKind.IDENTITY, cond("{'IpAddress':{'aws:SourceIp':'2001::db8::1'}}"),
                    "Invalid value \"2001::db8::1\" for IpAddress", "/Statement/Condition/IpAddress/aws:SourceIp"),
            c("a host name is not an address", PolicyKind.IDENTITY, cond("{'IpAddress':{'aws:SourceIp':'example.com'}}"),
                    "Invalid value \"example.com\" for IpAddress", "/Statement/Condition/IpAddress/aws:SourceIp"),
            c("Bool value not a boolean", PolicyKind.IDENTITY, cond("{'Bool':{'aws:SecureTransport':'yes'}}"),
                    "expected true or false", "/Statement/Condition/Bool/aws:SecureTransport"),
            c("Null value not a boolean", PolicyKind.IDENTITY, cond("{'Null':{'aws:username':'maybe'}}"),
                    "expected true or false", "/Statement/Condition/Null/aws:username"),
            c("BinaryEquals value not base64", PolicyKind.IDENTITY, cond("{'BinaryEquals':{'kms:Blob':'%%%'}}"),
                    "expected base64", "/Statement/Condition/BinaryEquals/kms:Blob"),
            // KMS limits
            c("key policy character beyond U+00FF", PolicyKind.KEY_POLICY, "{'Statement':[" + keyStmt("'Sid':'Euro \u20ac'") + "]}",
                    "character that is not allowed (U+20AC", ""),
            c("key policy control character", PolicyKind.KEY_POLICY, "{'Statement':[" + keyStmt("'Sid':'Bell \u0007'") + "]}",
                    "character that is not allowed (U+0007", "")
    );

    @Test
    void everyRejectionSaysWhatAndWhere() {
        List<String> failures = new ArrayList<>();
        for (Case c : CASES) {
            try {
                Policy.parse(c.json(), c.kind());
                failures.add(c.name() + ": accepted");
            } catch (MalformedPolicyException e) {
                if (!e.getMessage().contains(c.messageContains())) {
                    failures.add(c.name() + ": message \"" + e.getMessage() + "\" lacks \"" + c.messageContains() + "\"");
                }
                if (!e.pointer().equals(c.pointer())) {
                    failures.add(c.name() + ": pointer \"" + e.pointer() + "\", expected \"" + c.pointer() + "\"");
                }
                if (e.sizeLimitExceeded()) {
                    failures.add(c.name() + ": flagged as a size limit");
                }
            } catch (RuntimeException e) {
                failures.add(c.name() + ": threw " + e);
            }
        }
        System.out.println("malformed policy cases: " + CASES.size() + ", " + failures.size() + " failed");
        assertThat(failures).isEmpty();
    }

    @Test
    void keyPolicyOf32768CharactersIsAcceptedAndOneMoreIsTooLarge() {
        String base = DefaultKeyPolicy.json("aws", "111122223333");
        String atLimit = base + " ".repeat(PolicyParser.KEY_POLICY_MAX_CHARS - base.length());
        assertThat(atLimit).hasSize(32_768);
        assertThat(Policy.parse(atLimit, PolicyKind.KEY_POLICY).statements()).hasSize(1);

        assertThatThrownBy(() -> Policy.parse(atLimit + " ", PolicyKind.KEY_POLICY))
                .isInstanceOfSatisfying(MalformedPolicyException.class, e -> {
                    assertThat(e.sizeLimitExceeded()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("The policy is 32769 characters long; the limit is 32768.");
                });
    }

    @Test
    void syntaxErrorsCarryTheirCharacterOffset() {
        assertThatThrownBy(() -> Policy.parse("{\"Statement\": x}", PolicyKind.IDENTITY))
                .isInstanceOfSatisfying(MalformedPolicyException.class, e -> assertThat(e.charOffset()).isEqualTo(14));
        assertThatThrownBy(() -> Policy.parse(j("{'Statement':{}}"), PolicyKind.IDENTITY))
                .isInstanceOfSatisfying(MalformedPolicyException.class, e -> assertThat(e.charOffset()).isEqualTo(-1));
    }

    @Test
    void lockoutSafetyCheckRefusesAPolicyThatWouldLockTheCallerOut() {
        String key = "arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        RequestContext admin = RequestContext.builder().principalArn("arn:aws:iam::111122223333:user/admin")
                .principalIdentifier("arn:aws:iam::111122223333:user/admin").principalAccount("111122223333")
                .action("kms:PutKeyPolicy").resource(key).build();
        Policy adminIam = Policy.parse(j("{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*'}}"), PolicyKind.IDENTITY);
        Policy usersOnly = Policy.parse(j("{'Statement':{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/app'},"
                + "'Action':['kms:Encrypt','kms:Decrypt'],'Resource':'*'}}"), PolicyKind.KEY_POLICY);

        // The default key policy keeps IAM in charge, and the admin's IAM policy allows PutKeyPolicy.
        Authorization.checkLockoutSafety(DefaultKeyPolicy.forAccount("aws", "111122223333"), List.of(adminIam), admin);
        // Without an identity policy, the default key policy would lock the admin out.
        assertThatThrownBy(() -> Authorization.checkLockoutSafety(DefaultKeyPolicy.forAccount("aws", "111122223333"), List.of(), admin))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("The new key policy will not allow you to update the key policy in the future.");
        // A key policy that names only the app user locks everyone else out, whatever IAM says.
        assertThatThrownBy(() -> Authorization.checkLockoutSafety(usersOnly, List.of(adminIam), admin))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage(MalformedPolicyException.LOCKOUT_MESSAGE);
    }

    @Test
    void keyPolicyStatementWithoutActionOrResourceIsAcceptedButHasNoEffect() {
        // KMS API Reference, PutKeyPolicy: "the PutKeyPolicy API request succeeds, even though the policy statement is ineffective."
        Policy p = Policy.parse(j("{'Statement':[{'Sid':'NoAction','Effect':'Allow','Principal':'*','Resource':'*'},"
                + "{'Sid':'NoResource','Effect':'Allow','Principal':'*','Action':'kms:*'}]}"), PolicyKind.KEY_POLICY);
        RequestContext r = RequestContext.builder().principalArn("arn:aws:iam::111122223333:root")
                .principalIdentifier("arn:aws:iam::111122223333:root").principalAccount("111122223333")
                .action("kms:Encrypt").resource("arn:aws:kms:us-east-1:111122223333:key/k").build();
        assertThat(PolicyEvaluator.evaluate(p, r).decision()).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void nonLatinCharactersAreFineOutsideKeyPolicies() {
        Policy p = Policy.parse(j("{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*',"
                + "'Condition':{'StringEquals':{'aws:PrincipalTag/name':'\u20ac'}}}}"), PolicyKind.IDENTITY);
        assertThat(p.statements()).hasSize(1);
    }

    @Test
    void parsedPolicyKeepsTheDocumentAndAnImmutableAst() {
        String json = DefaultKeyPolicy.json("aws", "111122223333");
        Policy p = Policy.parse(json, PolicyKind.KEY_POLICY);
        assertThat(p.json()).isSameAs(json);
        assertThat(p.version()).isEqualTo("2012-10-17");
        assertThat(p.id()).isEqualTo("key-default-1");
        Statement s = p.statements().get(0);
        assertThat(s.sid()).isEqualTo(DefaultKeyPolicy.SID);
        assertThat(s.effect()).isEqualTo(Effect.ALLOW);
        assertThat(s.principal().values()).containsExactly(new PrincipalElement.PrincipalValue(
                PrincipalElement.Type.AWS, "arn:aws:iam::111122223333:root", "111122223333"));
        assertThatThrownBy(() -> p.statements().add(s)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.conditions().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void versionlessPolicyTreatsVariablesAsText() {
        Policy p = Policy.parse(j("{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'arn:aws:kms:*:*:alias/${aws:username}'}}"),
                PolicyKind.IDENTITY);
        assertThat(p.version()).isEqualTo("2008-10-17");
        RequestContext r = RequestContext.builder().action("kms:CreateAlias").condition("aws:username", "alice")
                .resource("arn:aws:kms:us-east-1:111122223333:alias/${aws:username}").build();
        assertThat(PolicyEvaluator.evaluate(p, r).decision()).isEqualTo(Decision.ALLOW);
        RequestContext alice = RequestContext.builder().action("kms:CreateAlias").condition("aws:username", "alice")
                .resource("arn:aws:kms:us-east-1:111122223333:alias/alice").build();
        assertThat(PolicyEvaluator.evaluate(p, alice).decision()).isEqualTo(Decision.IMPLICIT_DENY);
    }

    private static Case c(String name, PolicyKind kind, String json, String messageContains, String pointer) {
        return new Case(name, kind, j(json), messageContains, pointer);
    }

    private static String keyStmt(String extra) {
        return "{" + extra + ",'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'kms:*','Resource':'*'}";
    }

    private static String principalPolicy(String principal) {
        return "{'Statement':{'Effect':'Allow','Principal':" + principal + ",'Action':'kms:*','Resource':'*'}}";
    }

    private static String cond(String condition) {
        return "{'Statement':{'Effect':'Allow','Action':'kms:*','Resource':'*','Condition':" + condition + "}}";
    }

    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
