package io.intentops.samples.quickstart;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.core.Entity;
import io.intentops.core.NerResult;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.JudgeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The quickstart: classifies a handful of banking queries (including out-of-scope ones), extracts
 * entities if an NER model is available, then runs a router with the current model as stable (blue)
 * and a deliberately degraded candidate (green) at a 10 % canary, on a {@link ManualClock} advanced
 * second by second at the default judge's 2 requests/s, and prints the judge's verdict log, the alarm, the automatic rollback and the governance
 * audit trail with its verification. Runs in a few seconds; exits normally.
 *
 * <p>Run: {@code mvn -q -pl samples/quickstart exec:java} (after {@code mvn -q install -DskipTests},
 * or from the reactor with {@code -am}).
 */
public final class Quickstart {
  /** The candidate version the degraded green deployment reports. */
  public static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");
  /** Simulated requests per second in the canary loop: the release acceptance load. */
  static final int REQUESTS_PER_SECOND = 2;
  /** Simulated seconds after which the candidate degrades. */
  static final int DEGRADE_AT_SECOND = 900;
  /** Simulated seconds the loop runs at most. */
  static final int MAX_SECONDS = 1_800;
  /** Canary weight: 10 %. */
  static final int CANARY_BPS = 1_000;

  /** Banking queries for the classification demo; the last two are out of scope. */
  static final List<String> QUERIES = List.of(
      "I still haven't received my new card",
      "How much is 100 euros in dollars today?",
      "my top-up was declined again",
      "I think someone stole my card",
      "my balance is still the same after I transferred money",
      "what's the weather in Paris",
      "can you recommend a good pizza place nearby");

  private static final String MODEL = "banking77-intent";
  /** Tweet-like texts for the NER demo (written for this sample, not taken from WNUT-17). */
  static final List<String> TWEETS = List.of(
      "Just landed in London , heading to the Arsenal game with Sarah tonight",
      "Can't believe Apple is dropping a new iPhone next week lol",
      "Listening to Taylor Swift on Spotify all day in Chicago");
  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private Quickstart() {}

  /** Runs the quickstart, printing to standard output. */
  public static void main(String[] args) throws Exception {
    // ONNX Runtime session creation can overflow the default 1 MB thread stack natively (a bare
    // SIGSEGV) depending on the process, so the work runs on a thread with a 16 MiB stack.
    Throwable[] failure = new Throwable[1];
    Thread worker = new Thread(null, () -> {
      try {
        run(System.out);
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "quickstart", 16L << 20);
    worker.start();
    worker.join();
    if (failure[0] instanceof Exception e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  /** Runs the quickstart, printing to {@code out}. */
  public static void run(PrintStream out) throws IOException {
    long t0 = System.nanoTime();
    Path work = Files.createTempDirectory("intentops-quickstart");
    try {
      out.println("IntentOps quickstart");
      out.println("====================");
      try (IntentPredictor predictor = ReferenceModels.banking77IntentBuilder().cache(1_000).build()) {
        classify(out, predictor);
        extractEntities(out);
        canary(out, predictor, work.resolve("audit"));
      }
      out.printf(Locale.ROOT, "%nDone in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
    } finally {
      deleteRecursively(work);
    }
  }

  private static void classify(PrintStream out, IntentPredictor predictor) {
    var m = predictor.manifest();
    out.printf(Locale.ROOT, "%n1. Intent classification: bundle '%s' %s, %d intents, OOS %s threshold %.3f%n",
        m.name(), m.version(), m.labels().size(), m.oos().method(), m.oos().threshold());
    out.printf(Locale.ROOT, "   (reference bundle from intentops-models; validation accuracy %.3f, OOS AUROC %.3f)%n",
        m.metrics().getOrDefault("validation.accuracy", Double.NaN),
        m.metrics().getOrDefault("validation.oos.auroc", Double.NaN));
    for (String q : QUERIES) {
      IntentPrediction p = predictor.predict(q);
      String verdict = p.outOfScope()
          ? String.format(Locale.ROOT, "OUT OF SCOPE (oos score %.3f; nearest intent %s %.2f)", p.oosScore(),
              p.label(), p.score())
          : String.format(Locale.ROOT, "%-40s %.2f  (oos score %.3f)", p.label(), p.score(), p.oosScore());
      out.printf(Locale.ROOT, "   %-58s -> %s%n", '"' + q + '"', verdict);
    }
  }

  private static void extractEntities(PrintStream out) {
    out.printf("%n2. Entity extraction%n");
    try (NerPredictor ner = ReferenceModels.wnut17Ner()) {
      var m = ner.manifest();
      out.printf(Locale.ROOT, "   bundle '%s' %s%n", m == null ? "?" : m.name(), ner.version());
      for (String t : TWEETS) {
        NerResult r = ner.predict(t);
        out.printf("   \"%s\"%n", t);
        if (r.entities().isEmpty()) {
          out.println("      (no entities)");
        }
        for (Entity e : r.entities()) {
          out.printf(Locale.ROOT, "      %-14s %-24s [%d, %d)  %.2f%n", e.type(), '"' + e.text() + '"', e.start(), e.end(),
              e.score());
        }
      }
    }
  }

  private static void canary(PrintStream out, IntentPredictor predictor, Path auditDir) throws IOException {
    ManualClock clock = ManualClock.startingAt(START);
    try (AuditLog audit = AuditLog.builder().directory(auditDir).clock(clock).open()) {
      canary(out, predictor, clock, audit);
      printAudit(out, audit, auditDir);
    }
  }

  private static void canary(PrintStream out, IntentPredictor predictor, ManualClock clock, AuditLog audit) {
    ModelVersion stableVersion = predictor.version();
    SimulatedServing blue = new SimulatedServing(predictor, stableVersion, clock, Duration.ofMillis(8));
    SimulatedServing green = new SimulatedServing(predictor, CANDIDATE, clock, Duration.ofMillis(8));
    // The defaults, not a tuned configuration: the canary judge decides (docs/router.md).
    JudgeConfig judge = JudgeConfig.ofDefaults();
    // Printed after the windows of the tick that fired them, so the output reads in causal order.
    List<RouterEvent> rollbacks = new CopyOnWriteArrayList<>();
    RouterListener listener = new RouterListener() {
      @Override
      public void onEvent(RouterEvent event) {
        audit.append(toAudit(event));
        if (event.kind() == RouterEvent.Kind.ROLLED_BACK) {
          rollbacks.add(event);
        }
      }
    };
    out.printf("%n3. Canary with judge-driven rollback (defaults at 2 requests/s, simulated time on a ManualClock)%n");
    try (Router<String, IntentPrediction> router = Router.<String, IntentPrediction>builder()
        .version(blue)
        .version(green)
        .stable(stableVersion)
        .candidate(CANDIDATE, RolloutPlan.custom()
            .step(CANARY_BPS, Duration.ofMinutes(30))
            .step(5_000, Duration.ofMinutes(5))
            .build())
        .judge(judge)
        .clock(clock)
        .listener(listener)
        .build()) {
      audit.append(AuditEvent.of("router.rollout_started", "quickstart", MODEL + "@" + CANDIDATE, Map.of(
          "stable", stableVersion.toString(), "weight_bps", Integer.toString(router.state().weightOf(CANDIDATE)),
          "plan", "10 % for 30 min, 50 % for 5 min, then promote")));
      out.printf(Locale.ROOT, "   blue  (stable)    %s weight %5d bps%n", stableVersion,
          router.state().weightOf(stableVersion));
      out.printf(Locale.ROOT, "   green (candidate) %s weight %5d bps  -> canary at %d %%%n", CANDIDATE,
          router.state().weightOf(CANDIDATE), router.state().weightOf(CANDIDATE) / 100);
      out.printf(Locale.ROOT, "   judge: default rules %s, at most %.2f false rollbacks/day at the limits%n",
          judge.rules(), judge.falseRollbacksPerDay());
      out.printf("   traffic: %d requests/s, routing key = user id%n%n", REQUESTS_PER_SECOND);

      int printedDecisions = 0;
      Map<ModelVersion, Integer> answered = new HashMap<>();
      int fallbacks = 0;
      long request = 0;
      int rolledBackAt = -1;
      for (int second = 0; second < MAX_SECONDS; second++) {
        if (second == DEGRADE_AT_SECOND) {
          green.degrade(Duration.ofMillis(160), 0.08);
          out.printf("   t=%3ds  green %s degrades: +160 ms per request, 8 %% of requests fail%n", second, CANDIDATE);
        }
        for (int r = 0; r < REQUESTS_PER_SECOND; r++) {
          String user = "user-" + (request++ % 5_000);
          Routed<IntentPrediction> routed = router.route(user, QUERIES.get((int) (request % QUERIES.size())));
          answered.merge(routed.answeredBy(), 1, Integer::sum);
          if (routed.fellBack()) {
            fallbacks++;
          }
        }
        Instant next = START.plusSeconds(second + 1L);
        if (clock.instant().isBefore(next)) {
          clock.advance(Duration.between(clock.instant(), next));
        }
        router.controller().tick();
        printedDecisions = printDecisions(out, router, printedDecisions);
        for (RouterEvent e : rollbacks) {
          printRollback(out, e);
        }
        rollbacks.clear();
        if (rolledBackAt < 0 && router.state().candidate(CANDIDATE)
            .map(c -> c.phase() == CandidateState.Phase.ROLLED_BACK).orElse(false)) {
          rolledBackAt = second;
        }
        if (rolledBackAt >= 0 && second >= rolledBackAt + 5) {
          break;
        }
      }
      out.printf(Locale.ROOT, "%n   answered: %s; %d candidate failures were answered by stable (fallback)%n",
          answered, fallbacks);
      out.printf(Locale.ROOT, "   weights now: %s%n", router.state().weights());
      int afterRollback = 0;
      for (int i = 0; i < 200; i++) {
        if (router.route("user-" + i, QUERIES.get(i % QUERIES.size())).answeredBy().equals(stableVersion)) {
          afterRollback++;
        }
      }
      out.printf("   after the rollback %d of 200 requests were answered by %s%n", afterRollback, stableVersion);
      audit.append(AuditEvent.of("quickstart.traffic_check", "quickstart", MODEL + "@" + stableVersion, Map.of(
          "answered_by_stable", afterRollback + "/200")));
    }
  }

  private static AuditEvent toAudit(RouterEvent e) {
    Map<String, String> d = new TreeMap<>();
    d.put("revision", e.before().revision() + " -> " + e.after().revision());
    d.put("weights_after", e.after().weights().toString());
    RollbackRecord r = e.rollback();
    if (e.decision() != null) {
      e.decision().breaching().ifPresent(v -> d.put("verdict", v.toString()));
    }
    if (r != null) {
      d.put("rules", r.rules().toString());
      d.put("recent_windows", Integer.toString(r.windows().size()));
      d.put("detail", r.detail());
    }
    return AuditEvent.of("router." + e.kind().name().toLowerCase(Locale.ROOT), "intentops-router",
        MODEL + "@" + e.version(), d);
  }

  private static void printAudit(PrintStream out, AuditLog audit, Path auditDir) throws IOException {
    out.printf("%n4. Audit trail (governance AuditLog: append-only, Merkle-hashed)%n");
    for (AuditEntry e : audit.entries()) {
      out.printf(Locale.ROOT, "   #%d %s  %-26s %-17s %s%n", e.index(), e.timestamp(), e.type(), e.actor(), e.subject());
      for (Map.Entry<String, String> d : e.details().entrySet()) {
        if (!d.getKey().equals("detail")) {
          out.printf("        %s = %s%n", d.getKey(), d.getValue());
        }
      }
    }
    AuditVerification v = audit.verify();
    out.printf(Locale.ROOT, "   verify(): valid=%s, %d entries, root %s%n", v.valid(), v.entries(), v.root());

    // Tamper with a copy: change the rollback's recorded weights and verify again.
    Path copy = auditDir.resolveSibling("audit-tampered");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(auditDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path log = copy.resolve("audit.jsonl");
    String original = Files.readString(log);
    Files.writeString(log, original.replace(CANDIDATE + "=0", CANDIDATE + "=1000"));
    try (AuditLog tampered = AuditLog.builder().directory(copy).open()) {
      AuditVerification t = tampered.verify();
      out.printf(Locale.ROOT, "   after editing one recorded weight in a copy: valid=%s, first bad entry #%d (%s)%n",
          t.valid(), t.firstBadIndex(), t.reason());
    }
  }

  /** Prints the judge's decision log entries logged since the last call; returns how many there are now. */
  private static int printDecisions(PrintStream out, Router<String, IntentPrediction> router, int printed) {
    List<Decision> log = router.controller().decisions(CANDIDATE);
    for (Decision d : log.subList(Math.min(printed, log.size()), log.size())) {
      out.printf(Locale.ROOT, "   verdict t=%4ds  green %s %-12s candidate n=%d, stable n=%d%s%n",
          Duration.between(START, d.at()).toSeconds(), CANDIDATE, d.verdict(), d.candidateRequests(),
          d.stableRequests(), d.breaching().map(r -> "  " + r).orElse(""));
    }
    return log.size();
  }

  private static void printRollback(PrintStream out, RouterEvent e) {
    RollbackRecord r = e.rollback();
    out.printf(Locale.ROOT, "   ALARM    %s: %s%n", e.version(), r == null ? "(no record)" : r.detail());
    out.printf(Locale.ROOT, "   ROLLBACK %s at %s: weight %d -> %d bps, phase %s; stable %s now serves %d bps%n",
        e.version(), e.at(), e.before().weightOf(e.version()), e.after().weightOf(e.version()),
        e.after().candidate(e.version()).map(CandidateState::phase).orElse(null), e.after().stable(),
        e.after().stableWeightBps());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
