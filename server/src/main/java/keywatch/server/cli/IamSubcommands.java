package keywatch.server.cli;

import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code keywatch iam} subcommands, one per IAM action, named and optioned as the AWS CLI's
 * {@code aws iam} commands are. Each only maps its options to the action's parameters.
 */
final class IamSubcommands {
  private IamSubcommands() {}

  @Command(name = "create-user", mixinStandardHelpOptions = true, description = "Create an IAM user (no permissions until a policy is put on it).")
  static final class CreateUser extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The new user's name.") String userName;

    @Override
    String action() {
      return "CreateUser";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName);
    }
  }

  @Command(name = "get-user", mixinStandardHelpOptions = true, description = "Show a user; without --user-name, the caller.")
  static final class GetUser extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = false, description = "The user's name (default: the caller).") String userName;

    @Override
    String action() {
      return "GetUser";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName);
    }
  }

  @Command(name = "list-users", mixinStandardHelpOptions = true, description = "List the account's users.")
  static final class ListUsers extends IamCommand.Call {
    @Option(names = "--page-size", paramLabel = "<n>", description = "Items per request (IAM's MaxItems, 1 to 1000); every page is fetched and printed.") Integer pageSize;

    @Override
    String action() {
      return "ListUsers";
    }

    @Override
    Map<String, String> params() {
      return named("MaxItems", pageSize);
    }

    @Override
    String listMember() {
      return "Users";
    }
  }

  @Command(name = "delete-user", mixinStandardHelpOptions = true, description = "Delete a user (its policies and access keys must be deleted first).")
  static final class DeleteUser extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The user's name.") String userName;

    @Override
    String action() {
      return "DeleteUser";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName);
    }
  }

  @Command(name = "put-user-policy", mixinStandardHelpOptions = true, description = "Add or replace an inline identity policy of a user.")
  static final class PutUserPolicy extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The user's name.") String userName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;
    @Option(names = "--policy-document", paramLabel = "<json>", required = true, description = "The policy, as JSON text or file://path.") String policyDocument;

    @Override
    String action() {
      return "PutUserPolicy";
    }

    @Override
    Map<String, String> params() throws IOException {
      return named("UserName", userName, "PolicyName", policyName, "PolicyDocument", document(policyDocument));
    }
  }

  @Command(name = "get-user-policy", mixinStandardHelpOptions = true, description = "Show an inline policy of a user.")
  static final class GetUserPolicy extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The user's name.") String userName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;

    @Override
    String action() {
      return "GetUserPolicy";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "PolicyName", policyName);
    }
  }

  @Command(name = "list-user-policies", mixinStandardHelpOptions = true, description = "List the names of a user's inline policies.")
  static final class ListUserPolicies extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The user's name.") String userName;
    @Option(names = "--page-size", paramLabel = "<n>", description = "Items per request (IAM's MaxItems, 1 to 1000); every page is fetched and printed.") Integer pageSize;

    @Override
    String action() {
      return "ListUserPolicies";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "MaxItems", pageSize);
    }

    @Override
    String listMember() {
      return "PolicyNames";
    }
  }

  @Command(name = "delete-user-policy", mixinStandardHelpOptions = true, description = "Delete an inline policy of a user.")
  static final class DeleteUserPolicy extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = true, description = "The user's name.") String userName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;

    @Override
    String action() {
      return "DeleteUserPolicy";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "PolicyName", policyName);
    }
  }

  @Command(name = "create-role", mixinStandardHelpOptions = true, description = "Create an IAM role with the trust policy that says who may assume it.")
  static final class CreateRole extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--assume-role-policy-document", paramLabel = "<json>", required = true, description = "The trust policy, as JSON text or file://path.") String trustPolicy;
    @Option(names = "--max-session-duration", paramLabel = "<seconds>", description = "Longest session AssumeRole may grant, 3600 to 43200 (default 3600).") Integer maxSessionDuration;
    @Option(names = "--description", paramLabel = "<text>", description = "Accepted for compatibility; keywatch does not keep it.") String description;

    @Override
    String action() {
      return "CreateRole";
    }

    @Override
    Map<String, String> params() throws IOException {
      return named("RoleName", roleName, "AssumeRolePolicyDocument", document(trustPolicy), "MaxSessionDuration", maxSessionDuration, "Description", description);
    }
  }

  @Command(name = "get-role", mixinStandardHelpOptions = true, description = "Show a role.")
  static final class GetRole extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;

    @Override
    String action() {
      return "GetRole";
    }

    @Override
    Map<String, String> params() {
      return named("RoleName", roleName);
    }
  }

  @Command(name = "list-roles", mixinStandardHelpOptions = true, description = "List the account's roles.")
  static final class ListRoles extends IamCommand.Call {
    @Option(names = "--page-size", paramLabel = "<n>", description = "Items per request (IAM's MaxItems, 1 to 1000); every page is fetched and printed.") Integer pageSize;

    @Override
    String action() {
      return "ListRoles";
    }

    @Override
    Map<String, String> params() {
      return named("MaxItems", pageSize);
    }

    @Override
    String listMember() {
      return "Roles";
    }
  }

  @Command(name = "delete-role", mixinStandardHelpOptions = true, description = "Delete a role (its inline policies must be deleted first).")
  static final class DeleteRole extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;

    @Override
    String action() {
      return "DeleteRole";
    }

    @Override
    Map<String, String> params() {
      return named("RoleName", roleName);
    }
  }

  @Command(name = "update-assume-role-policy", mixinStandardHelpOptions = true, description = "Replace a role's trust policy.")
  static final class UpdateAssumeRolePolicy extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--policy-document", paramLabel = "<json>", required = true, description = "The new trust policy, as JSON text or file://path.") String policyDocument;

    @Override
    String action() {
      return "UpdateAssumeRolePolicy";
    }

    @Override
    Map<String, String> params() throws IOException {
      return named("RoleName", roleName, "PolicyDocument", document(policyDocument));
    }
  }

  @Command(name = "put-role-policy", mixinStandardHelpOptions = true, description = "Add or replace an inline identity policy of a role.")
  static final class PutRolePolicy extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;
    @Option(names = "--policy-document", paramLabel = "<json>", required = true, description = "The policy, as JSON text or file://path.") String policyDocument;

    @Override
    String action() {
      return "PutRolePolicy";
    }

    @Override
    Map<String, String> params() throws IOException {
      return named("RoleName", roleName, "PolicyName", policyName, "PolicyDocument", document(policyDocument));
    }
  }

  @Command(name = "get-role-policy", mixinStandardHelpOptions = true, description = "Show an inline policy of a role.")
  static final class GetRolePolicy extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;

    @Override
    String action() {
      return "GetRolePolicy";
    }

    @Override
    Map<String, String> params() {
      return named("RoleName", roleName, "PolicyName", policyName);
    }
  }

  @Command(name = "list-role-policies", mixinStandardHelpOptions = true, description = "List the names of a role's inline policies.")
  static final class ListRolePolicies extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--page-size", paramLabel = "<n>", description = "Items per request (IAM's MaxItems, 1 to 1000); every page is fetched and printed.") Integer pageSize;

    @Override
    String action() {
      return "ListRolePolicies";
    }

    @Override
    Map<String, String> params() {
      return named("RoleName", roleName, "MaxItems", pageSize);
    }

    @Override
    String listMember() {
      return "PolicyNames";
    }
  }

  @Command(name = "delete-role-policy", mixinStandardHelpOptions = true, description = "Delete an inline policy of a role.")
  static final class DeleteRolePolicy extends IamCommand.Call {
    @Option(names = "--role-name", paramLabel = "<name>", required = true, description = "The role's name.") String roleName;
    @Option(names = "--policy-name", paramLabel = "<name>", required = true, description = "The inline policy's name.") String policyName;

    @Override
    String action() {
      return "DeleteRolePolicy";
    }

    @Override
    Map<String, String> params() {
      return named("RoleName", roleName, "PolicyName", policyName);
    }
  }

  @Command(name = "create-access-key", mixinStandardHelpOptions = true, description = "Create an access key; its secret is shown only now. Without --user-name, for the caller (the account root's own when the caller is root).")
  static final class CreateAccessKey extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = false, description = "The user's name (default: the caller).") String userName;

    @Override
    String action() {
      return "CreateAccessKey";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName);
    }
  }

  @Command(name = "list-access-keys", mixinStandardHelpOptions = true, description = "List access keys (never their secrets); without --user-name, the caller's.")
  static final class ListAccessKeys extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = false, description = "The user's name (default: the caller).") String userName;
    @Option(names = "--page-size", paramLabel = "<n>", description = "Items per request (IAM's MaxItems, 1 to 1000); every page is fetched and printed.") Integer pageSize;

    @Override
    String action() {
      return "ListAccessKeys";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "MaxItems", pageSize);
    }

    @Override
    String listMember() {
      return "AccessKeyMetadata";
    }
  }

  @Command(name = "update-access-key", mixinStandardHelpOptions = true, description = "Make an access key Active or Inactive (an inactive key is refused).")
  static final class UpdateAccessKey extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = false, description = "The user's name (default: the caller).") String userName;
    @Option(names = "--access-key-id", paramLabel = "<id>", required = true, description = "The access key's id.") String accessKeyId;
    @Option(names = "--status", paramLabel = "<status>", required = true, description = "Active or Inactive.") String status;

    @Override
    String action() {
      return "UpdateAccessKey";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "AccessKeyId", accessKeyId, "Status", status);
    }
  }

  @Command(name = "delete-access-key", mixinStandardHelpOptions = true, description = "Delete an access key.")
  static final class DeleteAccessKey extends IamCommand.Call {
    @Option(names = "--user-name", paramLabel = "<name>", required = false, description = "The user's name (default: the caller).") String userName;
    @Option(names = "--access-key-id", paramLabel = "<id>", required = true, description = "The access key's id.") String accessKeyId;

    @Override
    String action() {
      return "DeleteAccessKey";
    }

    @Override
    Map<String, String> params() {
      return named("UserName", userName, "AccessKeyId", accessKeyId);
    }
  }
}
