package keywatch.server.corpus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Generates a realistic CloudTrail corpus of KMS calls in S3 layout
 * ({@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz}),
 * for benchmarks and demos: about 1.6 KB per record, mostly Encrypt, Decrypt and GenerateDataKey by
 * the lab's application role and two other roles; failures (IncorrectKeyException,
 * NotFoundException, AccessDeniedException, a key pending deletion) about 1% of the other roles'
 * calls and a few per hour of the application's, a burst of the application's
 * failed decrypts every ~50,000 records, and rare key-management calls (DisableKey,
 * ScheduleKeyDeletion, PutKeyPolicy, CreateGrant, DeleteImportedKeyMaterial). Deterministic for a
 * seed. One file per minute of event time.
 */
public final class CloudTrailCorpus {
  public record Summary(long records, int files, long bytes, Instant first, Instant last, long failures, long bursts) {}

  private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final String account;
  private final String region;
  private final Random random;
  private final String appRole;
  private final String[] keyIds = new String[8];

  public CloudTrailCorpus(String account, String region, long seed) {
    this.account = account;
    this.region = region;
    this.random = new Random(seed);
    this.appRole = "pattern1-app-Pattern1ECSTaskRole";
    for (int i = 0; i < keyIds.length; i++) {
      keyIds[i] = uuid();
    }
  }

  /** Writes {@code records} records starting at {@code start}, {@code perSecond} records per second of event time. */
  public Summary write(Path out, long records, Instant start, int perSecond) throws IOException {
    long intervalMicros = 1_000_000L / Math.max(1, perSecond);
    long t = start.toEpochMilli() * 1000;
    long written = 0;
    int files = 0;
    long bytes = 0;
    long failures = 0;
    long bursts = 0;
    int burstLeft = 0;
    Instant first = null;
    Instant last = null;
    while (written < records) {
      long minute = Math.floorDiv(t / 1000, 60_000L) * 60_000L;
      Instant fileTime = Instant.ofEpochMilli(minute);
      Path dir = out.resolve("AWSLogs").resolve(account).resolve("CloudTrail").resolve(region).resolve(DAY_PATH.format(fileTime));
      Files.createDirectories(dir);
      Path file = dir.resolve(account + "_CloudTrail_" + region + "_" + FILE_TIME.format(fileTime) + "_" + randomId(16) + ".json.gz");
      try (OutputStream os = new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16);
          Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
        w.write("{\"Records\":[");
        boolean firstInFile = true;
        while (written < records && Math.floorDiv(t / 1000, 60_000L) * 60_000L == minute) {
          Instant now = Instant.ofEpochMilli(t / 1000);
          if (first == null) {
            first = now;
          }
          last = now;
          if (burstLeft == 0 && random.nextInt(50_000) == 0) {
            burstLeft = 3 + random.nextInt(6);
            bursts++;
          }
          String rec;
          if (burstLeft > 0) {
            burstLeft--;
            failures++;
            rec = kmsCall(now, "Decrypt", appRole, "IncorrectKeyException",
                "The key ID in the request does not identify a CMK that can perform this operation.");
          } else {
            rec = ordinary(now);
            if (rec.contains("\"errorCode\"")) {
              failures++;
            }
          }
          if (!firstInFile) {
            w.write(',');
          }
          firstInFile = false;
          w.write(rec);
          written++;
          t += intervalMicros;
        }
        w.write("]}");
      }
      files++;
      bytes += Files.size(file);
    }
    return new Summary(written, files, bytes, first, last, failures, bursts);
  }

  private String ordinary(Instant now) {
    int r = random.nextInt(100_000);
    if (r < 5) {
      String[] admin = {"DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "CreateGrant", "DeleteImportedKeyMaterial"};
      return kmsCall(now, admin[r], "KeyAdministrators", null, null);
    }
    String role = r < 70_000 ? appRole : r < 90_000 ? "billing-service-role" : "reporting-batch-role";
    int op = random.nextInt(10);
    String name = op < 4 ? "Decrypt" : op < 7 ? "Encrypt" : "GenerateDataKey";
    // The application itself rarely fails (a few per hour); other roles fail more often.
    int f = role.equals(appRole) ? random.nextInt(500_000) : random.nextInt(400);
    if (f < 6) {
      return kmsCall(now, name, role, "IncorrectKeyException",
          "The key ID in the request does not identify a CMK that can perform this operation.");
    } else if (f < 8) {
      return kmsCall(now, name, role, "NotFoundException", "Invalid keyId 'some-random-false-key'");
    } else if (f < 9) {
      return kmsCall(now, name, role, "AccessDenied", "User is not authorized to perform: kms:" + name);
    } else if (f < 10) {
      return kmsCall(now, name, role, "KMSInvalidStateException",
          "arn:aws:kms:" + region + ":" + account + ":key/" + keyIds[0] + " is pending deletion.");
    }
    return kmsCall(now, name, role, null, null);
  }

  private String kmsCall(Instant now, String eventName, String role, String errorCode, String errorMessage) {
    String key = keyIds[random.nextInt(keyIds.length)];
    String keyArn = "arn:aws:kms:" + region + ":" + account + ":key/" + key;
    String roleId = "AROA" + randomUpper(17);
    String session = "ecs-task-" + randomId(12);
    StringBuilder sb = new StringBuilder(1700);
    sb.append("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"").append(roleId).append(':').append(session)
        .append("\",\"arn\":\"arn:aws:sts::").append(account).append(":assumed-role/").append(role).append('/').append(session)
        .append("\",\"accountId\":\"").append(account).append("\",\"accessKeyId\":\"ASIA").append(randomUpper(16))
        .append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"").append(roleId)
        .append("\",\"arn\":\"arn:aws:iam::").append(account).append(":role/").append(role)
        .append("\",\"accountId\":\"").append(account).append("\",\"userName\":\"").append(role)
        .append("\"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"").append(EVENT_TIME.format(now.minusSeconds(900)))
        .append("\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"").append(EVENT_TIME.format(now))
        .append("\",\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"").append(eventName)
        .append("\",\"awsRegion\":\"").append(region).append("\",\"sourceIPAddress\":\"10.0.").append(random.nextInt(4)).append('.')
        .append(2 + random.nextInt(250)).append("\",\"userAgent\":\"aws-sdk-java/2.25.").append(random.nextInt(60))
        .append(" Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc.\"");
    if (errorCode != null) {
      sb.append(",\"errorCode\":\"").append(errorCode).append("\",\"errorMessage\":\"").append(errorMessage).append('"');
    }
    sb.append(",\"requestParameters\":");
    switch (eventName) {
      case "Encrypt", "GenerateDataKey" -> sb.append("{\"keyId\":\"").append(keyArn)
          .append("\",\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"Name\":\"person-")
          .append(random.nextInt(100_000)).append("\"}").append(eventName.equals("GenerateDataKey") ? ",\"keySpec\":\"AES_256\"}" : "}");
      case "Decrypt" -> sb.append("{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"Name\":\"person-")
          .append(random.nextInt(100_000)).append("\"}}");
      case "ScheduleKeyDeletion" -> sb.append("{\"keyId\":\"").append(keyArn).append("\",\"pendingWindowInDays\":30}");
      case "CreateGrant" -> sb.append("{\"keyId\":\"").append(keyArn).append("\",\"granteePrincipal\":\"arn:aws:iam::")
          .append(random.nextBoolean() ? account : "444455556666").append(":role/partner-role\",\"operations\":[\"Decrypt\"]}");
      case "PutKeyPolicy" -> sb.append("{\"keyId\":\"").append(keyArn).append("\",\"policyName\":\"default\",\"bypassPolicyLockoutSafetyCheck\":false}");
      default -> sb.append("{\"keyId\":\"").append(keyArn).append("\"}");
    }
    sb.append(",\"responseElements\":");
    // As in real KMS trails, cryptographic operations and failed calls record no response elements.
    if (errorCode != null || eventName.equals("Encrypt") || eventName.equals("GenerateDataKey") || eventName.equals("Decrypt")) {
      sb.append("null");
    } else {
      sb.append("{\"keyId\":\"").append(keyArn).append("\"}");
    }
    sb.append(",\"requestID\":\"").append(uuid()).append("\",\"eventID\":\"").append(uuid())
        .append("\",\"readOnly\":").append(eventName.equals("Decrypt") || eventName.equals("Encrypt") || eventName.equals("GenerateDataKey"))
        .append(",\"resources\":[{\"accountId\":\"").append(account).append("\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"").append(keyArn)
        .append("\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"").append(account)
        .append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",")
        .append("\"clientProvidedHostHeader\":\"kms.").append(region).append(".amazonaws.com\"}}");
    return sb.toString();
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String randomId(int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String randomUpper(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
