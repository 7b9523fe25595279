package keywatch.kms.operation;

import java.util.regex.Pattern;
import keywatch.kms.error.KmsException.InvalidAliasNameException;
import keywatch.kms.error.KmsException.NotFoundException;
import keywatch.kms.protocol.KmsRequest;

/** The AliasName rules AWS applies to CreateAlias, UpdateAlias and DeleteAlias. */
final class AliasNames {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");

  private AliasNames() {}

  static String read(KmsRequest request) {
    String name = request.requiredString("AliasName", 1, 256);
    if (!NAME.matcher(name).matches()) {
      throw KmsRequest.validation("Value '" + name + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
    }
    if (!name.startsWith("alias/") || name.length() == "alias/".length()) {
      throw new InvalidAliasNameException("Alias must start with the prefix \"alias/\" followed by a name.");
    }
    return name;
  }

  static void requireNotReserved(String name) {
    if (name.startsWith("alias/aws/")) {
      throw new InvalidAliasNameException("Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
    }
  }

  /** The target of an alias must be named by key id or key ARN, never by another alias. */
  static String readTarget(KmsRequest request) {
    String target = request.requiredString("TargetKeyId", 1, 2048);
    if (target.startsWith("alias/") || target.contains(":alias/")) {
      throw new NotFoundException("Invalid keyId " + target);
    }
    return target;
  }
}
