package keywatch.kms.key;

import java.util.regex.Pattern;

/** The account and region a keywatch KMS endpoint serves; it makes the ARNs. */
public record AccountRegion(String accountId, String region) {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  public AccountRegion {
    if (!ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
    }
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not a region name: " + region);
    }
  }

  public String keyArn(String keyId) {
    return arnPrefix() + "key/" + keyId;
  }

  public String aliasArn(String aliasName) {
    return arnPrefix() + aliasName;
  }

  /** {@code arn:aws:kms:<region>:<account>:} */
  public String arnPrefix() {
    return "arn:aws:kms:" + region + ":" + accountId + ":";
  }

  public String rootPrincipalArn() {
    return "arn:aws:iam::" + accountId + ":root";
  }
}
