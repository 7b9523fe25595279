package keywatch.iam.policy;

/**
 * The key policy KMS attaches when CreateKey is called without one: a single statement that gives
 * the owning account (its root) {@code kms:*} on the key and so enables IAM policies.
 */
public final class DefaultKeyPolicy {
    public static final String SID = "Enable IAM User Permissions";

    private DefaultKeyPolicy() {}

    /** The document for {@code accountId} in {@code partition} ({@code "aws"} for the usual one). */
    public static String json(String partition, String accountId) {
        if (partition == null || !partition.matches("aws(-[a-z]+)*") || accountId == null
                || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("partition must be like \"aws\" and accountId 12 digits");
        }
        return "{\n"
                + "  \"Version\": \"2012-10-17\",\n"
                + "  \"Id\": \"key-default-1\",\n"
                + "  \"Statement\": [\n"
                + "    {\n"
                + "      \"Sid\": \"" + SID + "\",\n"
                + "      \"Effect\": \"Allow\",\n"
                + "      \"Principal\": {\"AWS\": \"arn:" + partition + ":iam::" + accountId + ":root\"},\n"
                + "      \"Action\": \"kms:*\",\n"
                + "      \"Resource\": \"*\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n";
    }

    public static Policy forAccount(String partition, String accountId) {
        return Policy.parse(json(partition, accountId), PolicyKind.KEY_POLICY);
    }
}
