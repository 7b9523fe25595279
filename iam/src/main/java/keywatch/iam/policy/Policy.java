package keywatch.iam.policy;

import java.util.List;

/**
 * A parsed, validated policy document. Immutable and safe to share between threads, so parse
 * once (on PutKeyPolicy, on attaching an identity policy) and cache it beside the document.
 */
public final class Policy {
    /** AWS's two policy language versions. */
    public static final String VERSION_2012_10_17 = "2012-10-17";
    public static final String VERSION_2008_10_17 = "2008-10-17";

    private final String json;
    private final PolicyKind kind;
    private final String version;
    private final String id;
    private final List<Statement> statements;

    Policy(String json, PolicyKind kind, String version, String id, List<Statement> statements) {
        this.json = json;
        this.kind = kind;
        this.version = version;
        this.id = id;
        this.statements = List.copyOf(statements);
    }

    /**
     * Parses and validates {@code json} as AWS does for a document of {@code kind}.
     *
     * @throws MalformedPolicyException what is wrong and where
     */
    public static Policy parse(String json, PolicyKind kind) {
        return PolicyParser.parse(json, kind);
    }

    /** The document exactly as given. */
    public String json() {
        return json;
    }

    public PolicyKind kind() {
        return kind;
    }

    /** The Version element; {@code "2008-10-17"} when absent, as AWS assumes. */
    public String version() {
        return version;
    }

    /** The Id element, or {@code null}. */
    public String id() {
        return id;
    }

    public List<Statement> statements() {
        return statements;
    }

    @Override
    public String toString() {
        return "Policy[" + kind + ", " + statements.size() + " statements]";
    }
}
