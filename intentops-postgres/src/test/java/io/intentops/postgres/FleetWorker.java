package io.intentops.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.InferenceException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.CandidateState;
import io.intentops.router.RouterEvent;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.WindowSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * One application instance in its own JVM, driven line by line over stdin (see {@link
 * FleetProcessesTest}): a router with a stable and a candidate version, the candidate failing on
 * inputs that start with "fail", wired to a {@link PostgresFleet}. Time is a {@link ManualClock} that
 * the test advances in step on every instance; propagation runs in real time.
 *
 * <p>Args: jdbcUrl user deployment instanceId startEpochMillis.
 */
public final class FleetWorker {
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");

  /** The SLO of the multi-instance tests: 10 s windows, 100 requests, 5 % errors, 2 breaching windows. */
  static SloConfig slo() {
    return SloConfig.custom().windowLength(Duration.ofSeconds(10)).evaluationDelay(Duration.ZERO)
        .minRequestsPerWindow(100).maxServerErrorRate(0.05).breachingWindows(2).recoveryWindowsToReset(2).build();
  }

  /** Stable or candidate: answers {@code version:input}; the candidate throws for inputs starting with "fail". */
  record Model(ModelVersion version, boolean failing) implements Predictor<String, String> {
    @Override
    public String predict(String input) {
      if (failing && input.startsWith("fail")) {
        throw new InferenceException("candidate " + version + " failed on purpose");
      }
      return version + ":" + input;
    }
  }

  private static volatile String hangAt = "";

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String url = args[0];
    String user = args[1];
    String deployment = args[2];
    String instance = args[3];
    ManualClock clock = ManualClock.startingAt(Instant.ofEpochMilli(Long.parseLong(args[4])));
    System.setProperty("intentops.pg.user", user);
    HikariDataSource ds = Pg.pool(url, instance, 4);
    CountDownLatch never = new CountDownLatch(1);
    PostgresFleet fleet = PostgresFleet.builder().dataSource(ds).deployment(deployment).instanceId(instance)
        .slo(slo()).clock(clock).evaluationGrace(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
        .retainedWindows(16)
        .commitObserver(new PostgresFleet.CommitObserver() {
          @Override
          public void beforeCommit(RouterEvent.Kind kind, ModelVersion v, RoutingState next) {
            hang("before");
          }

          @Override
          public void afterCommit(RouterEvent.Kind kind, ModelVersion v, RoutingState next) {
            hang("after");
          }

          private void hang(String where) {
            if (hangAt.equals(where)) {
              out.println("ok hanging " + where);
              try {
                never.await(); // the test kills this process here
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        })
        .build();
    Router<String, String> router = Router.<String, String>builder()
        .version(new Model(STABLE, false)).version(new Model(CANDIDATE, true))
        .stable(STABLE).candidate(CANDIDATE, 10_000)
        .slo(slo()).clock(clock).store(fleet.store()).listener(fleet.recorder()).build();
    fleet.attach(router);
    out.println("ready " + instance + " revision=" + router.state().revision());

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.trim().split("\\s+");
      try {
        switch (cmd[0]) {
          case "traffic" -> {
            int n = Integer.parseInt(cmd[1]);
            int errors = Integer.parseInt(cmd[2]);
            int failures = 0;
            int byCandidate = 0;
            for (int i = 0; i < n; i++) {
              try {
                Routed<String> r = router.route(instance + "-k" + i, (i < errors ? "fail-" : "ok-") + i);
                if (r.chosen().equals(CANDIDATE)) {
                  byCandidate++;
                }
              } catch (RuntimeException e) {
                failures++;
              }
            }
            out.println("ok failures=" + failures + " candidate=" + byCandidate);
          }
          case "advance" -> {
            clock.advanceMillis(Long.parseLong(cmd[1]));
            out.println("ok now=" + clock.instant());
          }
          case "publish" -> out.println("ok rows=" + fleet.publish());
          case "tick" -> {
            router.controller().tick();
            out.println("ok local=" + router.controller().recentWindows(CANDIDATE).stream()
                .map(w -> w.verdict().name()).collect(Collectors.joining(",")));
          }
          case "evaluate" -> {
            if (cmd.length > 1) {
              hangAt = cmd[1];
            }
            FleetEvaluation e = fleet.evaluate();
            hangAt = "";
            out.println("ok leader=" + e.leader() + " rolledBack=" + e.rolledBack() + " judged="
                + e.judged().stream().map(FleetWorker::brief).collect(Collectors.joining(",")));
          }
          case "state" -> {
            RoutingState s = router.state();
            CandidateState c = s.candidate(CANDIDATE).orElseThrow();
            out.println("ok revision=" + s.revision() + " phase=" + c.phase() + " weight=" + c.weightBps());
          }
          case "quit" -> {
            out.println("ok bye");
            fleet.close();
            router.close();
            ds.close();
            return;
          }
          default -> out.println("err unknown command " + line);
        }
      } catch (RuntimeException e) {
        out.println("err " + e);
      }
    }
  }

  static String brief(WindowSnapshot w) {
    return w.start().getEpochSecond() + ":" + w.verdict() + ":n=" + w.requests() + ":err=" + w.serverErrors();
  }
}
