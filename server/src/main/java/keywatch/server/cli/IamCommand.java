package keywatch.server.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keywatch iam ...}: manages users, roles, inline policies and access keys of a running
 * keywatch through its IAM API, with the AWS CLI's command and option names and its JSON output.
 * Credentials come from the environment as for the AWS CLI.
 */
@Command(
    name = "iam",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Manage users, roles, their inline policies and access keys on a running keywatch,",
      "through its IAM API (the same calls 'aws iam ...' makes). Requests are signed with",
      "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) from the environment,",
      "for example the administrator key keywatch printed at first start."
    },
    footer = {
      "",
      "Exit status: 0 done; 2 bad usage; 252 bad option value (e.g. an unreadable file://);",
      "253 no credentials; 254 keywatch refused the call (its error code is printed); 255 keywatch unreachable.",
    },
    subcommands = {
      IamSubcommands.CreateUser.class,
      IamSubcommands.GetUser.class,
      IamSubcommands.ListUsers.class,
      IamSubcommands.DeleteUser.class,
      IamSubcommands.PutUserPolicy.class,
      IamSubcommands.GetUserPolicy.class,
      IamSubcommands.ListUserPolicies.class,
      IamSubcommands.DeleteUserPolicy.class,
      IamSubcommands.CreateRole.class,
      IamSubcommands.GetRole.class,
      IamSubcommands.ListRoles.class,
      IamSubcommands.DeleteRole.class,
      IamSubcommands.UpdateAssumeRolePolicy.class,
      IamSubcommands.PutRolePolicy.class,
      IamSubcommands.GetRolePolicy.class,
      IamSubcommands.ListRolePolicies.class,
      IamSubcommands.DeleteRolePolicy.class,
      IamSubcommands.CreateAccessKey.class,
      IamSubcommands.ListAccessKeys.class,
      IamSubcommands.UpdateAccessKey.class,
      IamSubcommands.DeleteAccessKey.class,
    })
public final class IamCommand implements Runnable {
  public static final String DEFAULT_ENDPOINT = ServerAccess.DEFAULT_ENDPOINT;
  static final int EXIT_BAD_VALUE = 252;
  static final int EXIT_NO_CREDENTIALS = 253;
  static final int EXIT_SERVICE_ERROR = 254;
  static final int EXIT_UNREACHABLE = 255;

  @Spec CommandLine.Model.CommandSpec spec;

  private Map<String, String> environment = System.getenv();

  /** Replaces the process environment the credentials and endpoint are read from (tests run in-process). */
  public IamCommand environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every subcommand shares: the endpoint option, signing, calling and printing. */
  abstract static class Call implements Callable<Integer> {
    @ParentCommand IamCommand iam;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--endpoint-url", paramLabel = "<url>", description = ServerAccess.ENDPOINT_HELP)
    String endpointUrl;

    /** The IAM action and its parameters, from the options. */
    abstract String action();

    abstract Map<String, String> params() throws IOException;

    /** For listing actions: the list member the AWS CLI prints, every page merged; else null. */
    String listMember() {
      return null;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ServerAccess access;
      Map<String, String> params;
      try {
        access = ServerAccess.resolve(iam.environment, endpointUrl);
        params = params();
      } catch (ServerAccess.Refused e) {
        err.println(e.getMessage());
        err.flush();
        return e.exitStatus;
      } catch (IllegalArgumentException | IOException e) {
        err.println("Bad value: " + e.getMessage());
        err.flush();
        return EXIT_BAD_VALUE;
      }
      IamClient client = new IamClient(access);
      try {
        ObjectNode result = listMember() == null ? client.call(action(), params)
            : client.callAll(action(), params, listMember());
        if (!result.isEmpty()) {
          out.println(print(result));
        }
        out.flush();
        return 0;
      } catch (IamClient.ServiceError e) {
        err.println("An error occurred (" + e.code + ") when calling the " + action() + " operation: " + e.getMessage());
        err.flush();
        return EXIT_SERVICE_ERROR;
      } catch (IamClient.Unreachable e) {
        err.println(e.getMessage());
        err.flush();
        return EXIT_UNREACHABLE;
      }
    }

    /** Adds an optional parameter when given. */
    static void put(Map<String, String> params, String name, Object value) {
      if (value != null) {
        params.put(name, value.toString());
      }
    }

    static Map<String, String> named(Object... nameValue) {
      Map<String, String> out = new LinkedHashMap<>();
      for (int i = 0; i < nameValue.length; i += 2) {
        put(out, (String) nameValue[i], nameValue[i + 1]);
      }
      return out;
    }

    /** An AWS CLI document argument: {@code file://path}, {@code fileb://path} or the text itself. */
    static String document(String value) throws IOException {
      for (String prefix : new String[] {"file://", "fileb://"}) {
        if (value.startsWith(prefix)) {
          Path p = Path.of(value.substring(prefix.length()));
          try {
            return Files.readString(p, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IOException("cannot read " + p + ": " + e.getMessage(), e);
          }
        }
      }
      return value;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON as the AWS CLI prints it: four-space indent. */
  static String print(ObjectNode node) {
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("    ", "\n"))
        .withArrayIndenter(new DefaultIndenter("    ", "\n"));
    try {
      return JSON.writer(pretty).writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
