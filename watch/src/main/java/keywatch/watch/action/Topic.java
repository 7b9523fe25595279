package keywatch.watch.action;

/** An SNS topic: {@code arn:aws:sns:<region>:<account>:<name>}. */
public record Topic(String arn, String name) {
  public static String arn(String region, String accountId, String name) {
    if (!name.matches("[A-Za-z0-9_-]{1,256}")) {
      throw new IllegalArgumentException(
          "Invalid parameter: Topic Name must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
    }
    return "arn:aws:sns:" + region + ":" + accountId + ":" + name;
  }
}
