package keywatch.kms.key;

/** Key states, each mapped one to one to AWS's string. */
public enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion");

  private final String awsName;

  KeyState(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  public static KeyState fromAwsName(String name) {
    for (KeyState s : values()) {
      if (s.awsName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown key state " + name);
  }
}
