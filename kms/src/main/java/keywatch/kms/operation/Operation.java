package keywatch.kms.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keywatch.kms.protocol.Caller;
import keywatch.kms.protocol.KmsRequest;

/**
 * One KMS API action. Each implementation is named after its AWS action and reads in the same
 * order: validate the request with AWS's messages, resolve a usable key, do the work, shape the
 * response. Errors are thrown as {@link keywatch.kms.error.KmsException}s.
 */
public interface Operation {
  /** The AWS action name, as in {@code X-Amz-Target: TrentService.<name>}. */
  String name();

  ObjectNode execute(KmsRequest request, Caller caller);
}
