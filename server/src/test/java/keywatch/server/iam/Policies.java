package keywatch.server.iam;

/** Policy documents the IAM tests put on users and roles. */
final class Policies {
  private Policies() {}

  static String allow(String action, String resource) {
    return """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "%s", "Resource": "%s"}]}""".formatted(action, resource);
  }

  static final String TRUST_ROOT = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""";

  /** An Allow with {@code n} distinct actions: over IAM's 2,048-character user quota for large n. */
  static String withActions(int n) {
    StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\",\"Action\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"kms:Describe").append(i).append('"');
    }
    return sb.append("]}]}").toString();
  }
}
