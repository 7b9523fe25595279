package keywatch.server.cli;

import java.net.URI;
import java.util.Map;
import keywatch.iam.sigv4.Credential;

/**
 * Where the running keywatch is and whose key signs the calls, for every command that talks to it
 * ({@code keywatch iam}, {@code respond}, {@code notify status}): the endpoint from
 * {@code --endpoint-url}, else KEYWATCH_ENDPOINT, else AWS_ENDPOINT_URL, else {@value #DEFAULT_ENDPOINT};
 * credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), as the AWS CLI
 * reads them.
 */
record ServerAccess(URI endpoint, Credential credential) {
  static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4599";
  static final String ENDPOINT_HELP = "keywatch's endpoint (default: $KEYWATCH_ENDPOINT, else $AWS_ENDPOINT_URL, else "
      + DEFAULT_ENDPOINT + ").";

  /** Why no call can be made, with the exit status to end with. */
  static final class Refused extends Exception {
    final int exitStatus;

    Refused(int exitStatus, String message) {
      super(message, null, false, false);
      this.exitStatus = exitStatus;
    }
  }

  static ServerAccess resolve(Map<String, String> env, String endpointOption) throws Refused {
    String keyId = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (keyId == null || keyId.isEmpty() || secret == null || secret.isEmpty()) {
      throw new Refused(IamCommand.EXIT_NO_CREDENTIALS, "Unable to locate credentials: set AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY (keywatch printed the administrator's at first start).");
    }
    String token = env.get("AWS_SESSION_TOKEN");
    String endpoint = endpointOption != null ? endpointOption : firstSet(env, "KEYWATCH_ENDPOINT", "AWS_ENDPOINT_URL");
    URI uri;
    try {
      uri = URI.create(endpoint);
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw new Refused(IamCommand.EXIT_BAD_VALUE, "Bad value: " + e.getMessage());
    }
    return new ServerAccess(uri, new Credential(keyId, secret, token == null || token.isEmpty() ? null : token, null));
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return DEFAULT_ENDPOINT;
  }
}
