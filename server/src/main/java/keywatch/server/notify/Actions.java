package keywatch.server.notify;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Principal;
import keywatch.kms.protocol.KmsProtocol;
import keywatch.server.respond.KmsResponder;
import keywatch.server.respond.ResponseLog;
import keywatch.server.respond.ResponsePolicy;
import keywatch.server.respond.ServiceRole;
import keywatch.watch.action.AlarmNotifier;
import keywatch.watch.action.Deliveries;
import keywatch.watch.action.EmailTransport;
import keywatch.watch.action.EvidenceLog;
import keywatch.watch.action.ExecutorScheduler;
import keywatch.watch.action.HttpTransport;
import keywatch.watch.action.Mailer;
import keywatch.watch.action.Outbox;
import keywatch.watch.action.Protocol;
import keywatch.watch.action.RetryPolicy;
import keywatch.watch.action.Scheduler;
import keywatch.watch.action.SlackTransport;
import keywatch.watch.action.SmtpMailer;
import keywatch.watch.action.SnsLinks;
import keywatch.watch.action.SnsMessages;
import keywatch.watch.action.SnsSigner;
import keywatch.watch.action.Subscription;
import keywatch.watch.action.Topics;
import keywatch.watch.action.Transport;
import javax.sql.DataSource;

/**
 * Everything an alarm's actions need, assembled by constructor: topics and their deliveries, the
 * signing certificate and link routes, the outbox, and the responder acting as keywatch's service
 * role. {@link #alarmActions()} is what the alarm engine is given.
 */
public final class Actions implements AutoCloseable {
  public static final String LAB_TOPIC = "pattern1-logging-topic";

  /**
   * @param smtp null: email subscriptions go to the outbox instead (nothing to set up)
   * @param labEmail the lab topic's email subscriber; null subscribes the outbox
   */
  public record Settings(Path dataDir, String accountId, String region, SmtpMailer.Settings smtp, String labEmail,
      RetryPolicy retry, List<ResponsePolicy> responses, int signatureVersion) {
    /**
     * SMTP from KEYWATCH_SMTP_HOST/PORT/USER/PASSWORD/TLS (none, starttls, smtps)/FROM, the lab topic's
     * email from KEYWATCH_LAB_EMAIL, responses per alarm from the YAML file KEYWATCH_RESPONSES_FILE.
     */
    public static Settings fromEnvironment(Map<String, String> env, Path dataDir, String accountId, String region) {
      SmtpMailer.Settings smtp = env.get("KEYWATCH_SMTP_HOST") == null ? null : new SmtpMailer.Settings(
          env.get("KEYWATCH_SMTP_HOST"), Integer.parseInt(env.getOrDefault("KEYWATCH_SMTP_PORT", "587")),
          env.get("KEYWATCH_SMTP_USER"), env.get("KEYWATCH_SMTP_PASSWORD"), env.getOrDefault("KEYWATCH_SMTP_TLS", "starttls"),
          env.getOrDefault("KEYWATCH_SMTP_FROM", "no-reply@keywatch.invalid"), 10_000);
      List<ResponsePolicy> responses;
      try {
        responses = env.get("KEYWATCH_RESPONSES_FILE") == null ? List.of()
            : keywatch.server.respond.ResponseFile.load(Path.of(env.get("KEYWATCH_RESPONSES_FILE")));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read KEYWATCH_RESPONSES_FILE", e);
      }
      return new Settings(dataDir, accountId, region, smtp, env.get("KEYWATCH_LAB_EMAIL"), retry(env), responses, 1);
    }

    /**
     * {@link RetryPolicy#DEFAULT}, or KEYWATCH_DELIVERY_MAX_ATTEMPTS (1-100) and
     * KEYWATCH_DELIVERY_FIRST_RETRY_MILLIS (1-60000; doubling up to 20 s) when set.
     */
    static RetryPolicy retry(Map<String, String> env) {
      RetryPolicy d = RetryPolicy.DEFAULT;
      int attempts = bounded(env, "KEYWATCH_DELIVERY_MAX_ATTEMPTS", d.maxAttempts(), 1, 100);
      long firstMillis = bounded(env, "KEYWATCH_DELIVERY_FIRST_RETRY_MILLIS", (int) d.minDelay().toMillis(), 1, 60_000);
      return new RetryPolicy(attempts, Duration.ofMillis(firstMillis), d.maxDelay());
    }

    private static int bounded(Map<String, String> env, String name, int otherwise, int min, int max) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return otherwise;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
    }
  }

  private final Topics topics;
  private final Outbox outbox;
  private final EvidenceLog evidence;
  private final KmsResponder responder;
  private final AlarmNotifier notifier;
  private final SnsRoutesHandler routes;
  private final SigningCertificate certificate;
  private final AutoCloseable closeScheduler;
  private final ExecutorService responderThread;
  private final String labEmail;

  private Actions(Topics topics, Outbox outbox, EvidenceLog evidence, KmsResponder responder, AlarmNotifier notifier,
      SnsRoutesHandler routes, SigningCertificate certificate, AutoCloseable closeScheduler, ExecutorService responderThread,
      String labEmail) {
    this.labEmail = labEmail;
    this.topics = topics;
    this.outbox = outbox;
    this.evidence = evidence;
    this.responder = responder;
    this.notifier = notifier;
    this.routes = routes;
    this.certificate = certificate;
    this.closeScheduler = closeScheduler;
    this.responderThread = responderThread;
  }

  /**
   * @param iam how responses call IAM (UpdateAccessKey), audited like calls over HTTP
   * @param scheduler null for threads of keywatch's own; tests pass a {@code ManualScheduler}
   * @param mailer null for SMTP per the settings (or the outbox without SMTP)
   * @param httpClient null for a default client
   */
  public static Actions start(Settings s, Supplier<String> endpoint, IdentityStore identities, KmsProtocol kms,
      KmsResponder.IamCalls iam, DataSource db, Clock clock, Scheduler scheduler, Mailer mailer, HttpClient httpClient,
      String roleId) throws Exception {
    SigningCertificate cert = SigningCertificate.loadOrCreate(s.dataDir().resolve("sns-signing.p12"), "keywatch SNS signing");
    SnsLinks links = new SnsLinks(endpoint);
    SnsMessages messages = new SnsMessages(new SnsSigner(cert.privateKey(), s.signatureVersion()), links);
    Outbox outbox = new Outbox(s.dataDir().resolve("outbox.jsonl"));
    HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Mailer mail = mailer != null ? mailer : s.smtp() != null ? new SmtpMailer(s.smtp()) : null;
    Transport email = mail == null ? outbox : new EmailTransport(mail, messages);
    Transport httpT = new HttpTransport(http, messages, Duration.ofSeconds(15));
    Transport slack = new SlackTransport(http, Duration.ofSeconds(15));
    ExecutorScheduler own = scheduler == null ? new ExecutorScheduler(clock, 32) : null;
    Scheduler sched = scheduler != null ? scheduler : own;
    Deliveries deliveries = new Deliveries(sched, s.retry(), p -> switch (p) {
      case EMAIL, EMAIL_JSON -> email;
      case HTTP, HTTPS -> httpT;
      case SLACK -> slack;
      case OUTBOX -> outbox;
    }, s.dataDir().resolve("dead-letters.jsonl"), new DeliveryStatusLog(db));
    Topics topics = new Topics(s.region(), s.accountId(), deliveries, links, s.dataDir().resolve("topics.json"));
    topics.createTopic(LAB_TOPIC);
    Principal.AssumedRole service = ServiceRole.ensure(identities, s.accountId(), roleId, clock);
    KmsResponder responder = new KmsResponder(kms, iam, identities, service, s.region(), new ResponseLog(db), clock,
        s.responses());
    EvidenceLog evidence = new EvidenceLog(100);
    ExecutorService responderThread = scheduler == null
        ? Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "keywatch-responder");
          t.setDaemon(true);
          return t;
        })
        : null;
    AlarmNotifier notifier = new AlarmNotifier(topics, evidence, List.of(responder),
        responderThread != null ? responderThread : Runnable::run);
    return new Actions(topics, outbox, evidence, responder, notifier, new SnsRoutesHandler(topics, cert), cert, own, responderThread,
        s.labEmail() != null && mail != null ? s.labEmail() : null);
  }

  /**
   * The lab's subscription (LAB.md §4-5) to {@link #LAB_TOPIC}: email when SMTP and
   * KEYWATCH_LAB_EMAIL are set (pending until its link is followed), else the outbox. Call once
   * the endpoint is serving: the confirmation link points at it.
   */
  public Subscription subscribeLab() {
    String arn = topics.createTopic(LAB_TOPIC).arn();
    return labEmail != null ? topics.subscribe(arn, Protocol.EMAIL, labEmail) : topics.subscribe(arn, Protocol.OUTBOX, "outbox");
  }

  public Topics topics() {
    return topics;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** Give to {@code MetricFilters.onMatch} so alarms carry their evidence. */
  public EvidenceLog evidence() {
    return evidence;
  }

  public KmsResponder responder() {
    return responder;
  }

  /** Give to the alarm engine. */
  public AlarmNotifier alarmActions() {
    return notifier;
  }

  public SnsRoutesHandler routes() {
    return routes;
  }

  public SigningCertificate certificate() {
    return certificate;
  }

  @Override
  public void close() throws Exception {
    if (responderThread != null) {
      responderThread.shutdownNow();
    }
    if (closeScheduler != null) {
      closeScheduler.close();
    }
  }
}
