package keywatch.server.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import keywatch.app.AppConfig;
import keywatch.app.LabApp;
import keywatch.iam.principal.AccessKey;
import keywatch.iam.principal.IdentityStore;
import keywatch.iam.principal.Ids;
import keywatch.iam.principal.User;
import keywatch.kms.store.Database;
import keywatch.server.KeywatchServer;
import keywatch.server.config.LabProfile;
import keywatch.server.config.ServerConfig;
import keywatch.server.monitor.LiveMonitor;
import keywatch.server.notify.Actions;
import keywatch.trail.Trail;
import keywatch.watch.action.Protocol;
import keywatch.watch.alarm.AlarmStateChange;
import keywatch.watch.alarm.Alarms;
import keywatch.watch.rules.RuleFiles;
import keywatch.watch.rules.RulePack;
import keywatch.watch.rules.RuleSet;

/**
 * The whole lab on one machine ({@code keywatch up}, and {@code keywatch lab} when nothing is up):
 * keywatch with the lab profile and the trail delivering to {@link #LOG_GROUP}; the live monitor
 * subscribed to the trail with the lab's metric filter and alarm exactly; the lab topic (outbox,
 * plus email when SMTP is configured); and the lab's app running as the lab role through STS
 * AssumeRole, with source credentials of the user {@link #RUNNER_USER} made fresh at each start.
 *
 * <p>Files under the data directory: {@code up.json} (the state, written last and atomically: its
 * presence means ready), {@code alarm-history.jsonl} (every alarm transition, one JSON line).
 */
public final class LabStack implements AutoCloseable {
  public static final String LOG_GROUP = "pattern1-logging-loggroup";
  public static final String RUNNER_USER = "pattern1-app-runner";
  public static final String RULES = "lab-pattern1.json";
  public static final String ALARM = "Pattern1ApplicationKMSSecurityAlarm";
  public static final String STATE_FILE = "up.json";
  public static final String HISTORY_FILE = "alarm-history.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code up} is asked for. */
  public record Options(ServerConfig server, int appPort, String appDatabaseUrl, String appDatabaseUser,
      String appDatabasePassword, boolean envelope, boolean earlyDecision) {}

  private final Options options;
  private final KeywatchServer server;
  private final LabProfile.Applied lab;
  private volatile Database watchDb;
  private volatile LiveMonitor monitor;
  private final AutoCloseable subscription;
  private final LabApp app;
  private final String runnerAccessKeyId;
  private final Path historyFile;
  private final List<Consumer<ObjectNode>> trailListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<AlarmStateChange>> transitionListeners = new CopyOnWriteArrayList<>();

  private LabStack(Options options, KeywatchServer server, LabProfile.Applied lab, Database watchDb, LiveMonitor monitor,
      AutoCloseable subscription, LabApp app, String runnerAccessKeyId, Path historyFile) {
    this.options = options;
    this.server = server;
    this.lab = lab;
    this.watchDb = watchDb;
    this.monitor = monitor;
    this.subscription = subscription;
    this.app = app;
    this.runnerAccessKeyId = runnerAccessKeyId;
    this.historyFile = historyFile;
  }

  /** Starts everything; returns once the app answers. {@code env}: KEYWATCH_SMTP_*, KEYWATCH_LAB_EMAIL. */
  public static LabStack start(Options options, Map<String, String> env) throws Exception {
    ServerConfig config = options.server();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      KeywatchServer server = KeywatchServer.start(config, Clock.systemUTC(), Clock.systemUTC(), env);
      opened.add(server);
      LabProfile.Applied lab = server.applyLabProfile();
      String account = config.accountRegion().accountId();
      String region = config.accountRegion().region();
      Actions actions = server.actions();
      // The outbox always receives the lab topic's messages (email too when configured).
      String topicArn = actions.topics().createTopic(Actions.LAB_TOPIC).arn();
      actions.topics().subscribe(topicArn, Protocol.OUTBOX, "outbox");

      Trail trail = server.trail().orElseThrow(() -> new IllegalStateException("the lab needs the trail"));
      Database watchDb = Database.open(Database.embeddedUrl(config.dataDir().resolve("watch")), "sa", "");
      opened.add(watchDb::close);
      Path history = config.dataDir().resolve(HISTORY_FILE);
      LabStack[] self = new LabStack[1];
      LiveMonitor monitor = startMonitor(watchDb, config, actions, history, self, options.earlyDecision());
      opened.add(monitor);
      AutoCloseable sub = trail.subscribe(record -> {
        LabStack s = self[0];
        (s != null ? s.monitor : monitor).accept(record);
        if (s != null) {
          s.trailListeners.forEach(l -> l.accept(record));
        }
      });
      opened.add(sub);

      String[] runner = runnerCredentials(server.identities(), account, lab.roleArn());
      String appDb = options.appDatabaseUrl() != null ? options.appDatabaseUrl()
          : "jdbc:h2:file:" + config.dataDir().toAbsolutePath().resolve("app").resolve("lab");
      String appUser = options.appDatabaseUrl() != null ? options.appDatabaseUser() : "sa";
      String appPassword = options.appDatabaseUrl() != null ? options.appDatabasePassword() : "";
      LabApp app = LabApp.start(new AppConfig(config.host(), options.appPort(), appDb, appUser, appPassword,
          java.net.URI.create(server.endpoint()), region, lab.keyId(), lab.roleArn(), runner[0], runner[1],
          options.envelope()));
      opened.add(app);
      LabStack stack = new LabStack(options, server, lab, watchDb, monitor, sub, app, runner[0], history);
      self[0] = stack;
      return stack;
    } catch (Exception | Error e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static LiveMonitor startMonitor(Database db, ServerConfig config, Actions actions, Path history, LabStack[] self,
      boolean earlyDecision) throws IOException {
    String account = config.accountRegion().accountId();
    String region = config.accountRegion().region();
    LiveMonitor monitor = LiveMonitor.start(db.dataSource(), labRules(account, region), LOG_GROUP, actions.alarmActions(),
        Clock.systemUTC(), new Alarms.Account(account, region), earlyDecision);
    monitor.filters().onMatch(actions.evidence()::record);
    monitor.observeTransitions(change -> {
      appendHistory(history, change);
      if (self[0] != null) {
        self[0].transitionListeners.forEach(l -> l.accept(change));
      }
    });
    return monitor;
  }

  /**
   * Benchmark runs only: a fresh monitor (metrics, alarm) on an in-memory database, the alarm then
   * set to OK, as {@code SetAlarmState} would. CloudWatch cannot forget a metric's data, so there one
   * waits until the burst has left the alarm's evaluation range (three periods) before the next run;
   * here the next run starts at once, measuring the same path.
   */
  public synchronized void resetMonitor() throws IOException {
    LiveMonitor old = monitor;
    Database oldDb = watchDb;
    Database db = Database.open("jdbc:h2:mem:keywatch-watch-" + java.util.UUID.randomUUID(), "sa", "");
    LiveMonitor fresh = startMonitor(db, options.server(), server.actions(), historyFile, new LabStack[] {this},
        options.earlyDecision());
    fresh.read(a -> a.setAlarmState(ALARM, keywatch.watch.alarm.AlarmState.OK, "reset by keywatch lab between runs"));
    monitor = fresh;
    watchDb = db;
    old.close();
    oldDb.close();
  }

  /** The lab's metric filter and alarm exactly (rules/lab-pattern1.json), for this account and region. */
  public static RuleSet labRules(String account, String region) throws IOException {
    try (InputStream in = RulePack.class.getResourceAsStream("/rules/" + RULES)) {
      if (in == null) {
        throw new IOException("rules/" + RULES + " missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace(RulePack.EXAMPLE_ACCOUNT, account).replace(":us-east-1:", ":" + region + ":");
      return RuleFiles.parse(text, false, "rules/" + RULES);
    }
  }

  /**
   * The app's source credentials: the user {@link #RUNNER_USER}, allowed only sts:AssumeRole on the
   * lab role, with one fresh access key (older ones deleted). The secret lives only in this process.
   */
  static String[] runnerCredentials(IdentityStore identities, String account, String roleArn) {
    Ids ids = new Ids(new SecureRandom());
    Instant now = Instant.now();
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
        + "\"Resource\":\"" + roleArn + "\"}]}";
    User existing = identities.user(account, RUNNER_USER).orElse(null);
    identities.putUser(new User(account, RUNNER_USER, existing != null ? existing.userId() : ids.userId(),
        existing != null ? existing.createDate() : now, Map.of("AssumeLabRoleOnly", policy)));
    for (AccessKey old : identities.accessKeysOf(account, RUNNER_USER)) {
      identities.deleteAccessKey(old.accessKeyId());
    }
    String id = ids.accessKeyId();
    String secret = ids.secretAccessKey();
    identities.putAccessKey(new AccessKey(id, account, RUNNER_USER, true, now, secret));
    return new String[] {id, secret};
  }

  private static synchronized void appendHistory(Path file, AlarmStateChange c) {
    ObjectNode line = JSON.createObjectNode();
    line.put("alarmName", c.alarmName());
    line.put("oldState", c.oldState().name());
    line.put("newState", c.newState().name());
    line.put("reason", c.newStateReason());
    line.put("stateChangeTime", c.stateChangeTime().toString());
    line.put("observedAtMillis", System.currentTimeMillis());
    try {
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(LabStack.class).error("could not append to {}: {}", file, e.toString());
    }
  }

  /** Writes {@code up.json} atomically (temp file, then rename): its presence means ready. */
  public Path writeState() throws IOException {
    Path dir = options.server().dataDir().toAbsolutePath();
    ObjectNode s = JSON.createObjectNode();
    s.put("pid", ProcessHandle.current().pid());
    s.put("endpoint", server.endpoint());
    s.put("port", server.port());
    s.put("appUrl", app.url());
    s.put("appPort", app.port());
    s.put("account", options.server().accountRegion().accountId());
    s.put("region", options.server().accountRegion().region());
    s.put("keyId", lab.keyId());
    s.put("keyArn", lab.keyArn());
    s.put("roleArn", lab.roleArn());
    s.put("runnerAccessKeyId", runnerAccessKeyId);
    s.put("logGroup", LOG_GROUP);
    s.put("alarmName", ALARM);
    s.put("earlyDecision", options.earlyDecision());
    s.put("outbox", server.actions().outbox().file().toAbsolutePath().toString());
    s.put("trailDir", options.server().effectiveTrailDir().toAbsolutePath().toString());
    s.put("alarmHistory", historyFile.toAbsolutePath().toString());
    s.put("dataDir", dir.toString());
    s.put("startedAt", Instant.now().toString());
    Path tmp = dir.resolve(STATE_FILE + ".tmp");
    Path target = dir.resolve(STATE_FILE);
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n");
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** In-process: every trail record as it is appended (the live subscription). */
  public void onTrailRecord(Consumer<ObjectNode> l) {
    trailListeners.add(l);
  }

  /** In-process: every alarm transition. */
  public void onTransition(Consumer<AlarmStateChange> l) {
    transitionListeners.add(l);
  }

  public KeywatchServer server() {
    return server;
  }

  public LabProfile.Applied lab() {
    return lab;
  }

  public LiveMonitor monitor() {
    return monitor;
  }

  public LabApp app() {
    return app;
  }

  public Path historyFile() {
    return historyFile;
  }

  public Options options() {
    return options;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    Database db = watchDb;
    for (AutoCloseable c : new AutoCloseable[] {app, subscription, monitor, server, db::close}) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
