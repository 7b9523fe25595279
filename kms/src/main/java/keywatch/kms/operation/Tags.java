package keywatch.kms.operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keywatch.kms.error.KmsException.TagException;
import keywatch.kms.protocol.KmsRequest;

/** The {@code Tags} list of CreateKey and TagResource, validated as AWS does. */
final class Tags {
  static final int MAX_TAGS_PER_KEY = 50;

  private Tags() {}

  static Map<String, String> parse(KmsRequest request) {
    Map<String, String> tags = new LinkedHashMap<>();
    List<KmsRequest> list = request.objectList("Tags");
    for (int i = 0; i < list.size(); i++) {
      KmsRequest t = list.get(i);
      String key = required(t, "TagKey", i);
      String value = required(t, "TagValue", i);
      if (key.isEmpty() || key.length() > 128) {
        throw KmsRequest.validation("Value '" + key + "' at 'tags." + (i + 1) + ".member.tagKey' failed to satisfy constraint: Member must have length between 1 and 128");
      }
      if (value.length() > 256) {
        throw KmsRequest.validation("Value at 'tags." + (i + 1) + ".member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256");
      }
      if (key.startsWith("aws:")) {
        throw new TagException("Tag keys beginning with 'aws:' are reserved for AWS use");
      }
      tags.put(key, value);
    }
    return tags;
  }

  static void checkCount(int count) {
    if (count > MAX_TAGS_PER_KEY) {
      throw new TagException("A KMS key can have at most " + MAX_TAGS_PER_KEY + " tags");
    }
  }

  private static String required(KmsRequest t, String field, int i) {
    String s = t.string(field);
    if (s == null) {
      throw KmsRequest.validation("Value null at 'tags." + (i + 1) + ".member." + KmsRequest.member(field) + "' failed to satisfy constraint: Member must not be null");
    }
    return s;
  }
}
