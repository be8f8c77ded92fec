package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ModelVersion;
import io.intentops.router.RoutingState;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three application instances in three JVMs share one deployment. The candidate's errors are spread so
 * that each instance sees 40 requests per window (below the 100-request minimum: locally inconclusive)
 * while the fleet sees 120 with 10 % errors (breaching). The leader is killed (SIGKILL) in the middle of
 * its evaluation, before or after its compare-and-set; a survivor takes over, and the candidate is
 * rolled back exactly once and seen by every instance within 2 s.
 */
class FleetProcessesTest {
  static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
  static final int INSTANCES = 3;

  @TempDir Path logs;
  String url;
  HikariDataSource ds;
  final List<Worker> workers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("fleet_proc");
    ds = Pg.pool(url, "test", 3);
    PostgresSchema.migrate(ds);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(Worker::kill);
    if (ds != null) {
      ds.close();
    }
    if (url != null) {
      Pg.drop(url);
    }
  }

  @Test
  void leaderKilledBeforeItsCommitHandsOverWithoutLosingTheRollback() throws Exception {
    runScenario("fleet-before", "before");
  }

  @Test
  void leaderKilledAfterItsCommitHandsOverWithoutDuplicatingTheRollback() throws Exception {
    runScenario("fleet-after", "after");
  }

  private void runScenario(String deployment, String killPoint) throws Exception {
    for (int i = 0; i < INSTANCES; i++) {
      workers.add(Worker.start(url, deployment, "w" + i, logs));
    }
    for (Worker w : workers) {
      assertThat(w.await()).as(w.log()).startsWith("ready");
    }

    // Window 1: every instance breaches its 40 requests with 10 % errors; none has enough traffic alone.
    window(40, 4);
    String leaderAnswer = null;
    Worker leader = null;
    for (Worker w : workers) {
      String r = w.send("evaluate");
      if (r.contains("leader=true")) {
        assertThat(leader).as("two leaders at once").isNull();
        leader = w;
        leaderAnswer = r;
      } else {
        assertThat(r).as(w.log()).contains("leader=false");
      }
    }
    assertThat(leader).as("nobody leads").isNotNull();
    // The leader judged the fleet's window: 120 requests, 12 server errors.
    assertThat(leaderAnswer).contains("rolledBack=[]").contains("BREACHING:n=120:err=12");

    // Window 2: the alarm (2 breaching windows) fires on the next evaluation; the leader dies at its commit.
    window(40, 4);
    assertThat(leader.send("evaluate " + killPoint)).isEqualTo("ok hanging " + killPoint);
    leader.kill();
    long killedAt = System.nanoTime();
    List<Worker> survivors = new ArrayList<>(workers);
    survivors.remove(leader);

    Worker next = null;
    String nextAnswer = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (next == null && System.nanoTime() < deadline) {
      for (Worker w : survivors) {
        String r = w.send("evaluate");
        if (r.contains("leader=true")) {
          next = w;
          nextAnswer = r;
          break;
        }
      }
    }
    long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertThat(next).as("no survivor took over within 20 s").isNotNull();
    if (killPoint.equals("before")) {
      assertThat(nextAnswer).as("the new leader must decide the rollback again").contains("rolledBack=[1.1.0-2]");
    } else {
      assertThat(nextAnswer).as("the old leader committed it; no second rollback").contains("rolledBack=[]");
    }

    // Every surviving instance applies the rollback within 2 s (LISTEN/NOTIFY), measured in real time.
    long seenMax = 0;
    for (Worker w : survivors) {
      long start = System.nanoTime();
      String s = w.send("state");
      while (!s.contains("phase=ROLLED_BACK") && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
        Thread.sleep(10);
        s = w.send("state");
      }
      assertThat(s).contains("phase=ROLLED_BACK weight=0");
      seenMax = Math.max(seenMax, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
    assertThat(seenMax).as("rollback visible on every instance").isLessThan(2_000);

    // Exactly one committed rollback in the history, and it carries the fleet's windows.
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*), min(revision), string_agg(committed_by, ',') FROM intentops_routing_history"
            + " WHERE deployment = ? AND state->'candidates'->0->>'phase' = 'ROLLED_BACK'")) {
      ps.setString(1, deployment);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("rollback revisions").isEqualTo(1);
      }
    }
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT state->'candidates'->0->'rollback'->'windows'->1->>'requests' FROM intentops_routing_state WHERE deployment = ?")) {
      ps.setString(1, deployment);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("120");
      }
    }
    // Evaluating again changes nothing; requests keep being answered (now by the stable version).
    assertThat(next.send("evaluate")).contains("leader=true").contains("rolledBack=[]");
    for (Worker w : survivors) {
      assertThat(w.send("traffic 40 4")).isEqualTo("ok failures=0 candidate=0");
    }
    if (killPoint.equals("before")) {
      outageOnTheSurvivors(deployment, survivors);
    }
    System.out.printf("fleet takeover (%s commit): leader killed -> new leader committed/confirmed in %d ms;"
        + " rollback visible on all survivors within %d ms%n", killPoint, takeoverMillis, seenMax);
  }

  /**
   * The database refuses connections and every session is cut for 5 s: the worker JVMs keep answering
   * every request; when it is back, a change committed elsewhere reaches them again within 2 s.
   */
  private void outageOnTheSurvivors(String deployment, List<Worker> survivors) throws Exception {
    long cut = System.nanoTime();
    Pg.cutOff(url);
    while (System.nanoTime() - cut < TimeUnit.SECONDS.toNanos(5)) {
      for (Worker w : survivors) {
        assertThat(w.send("traffic 40 4")).isEqualTo("ok failures=0 candidate=0");
      }
      Thread.sleep(200);
    }
    Pg.restore(url);
    ds.getHikariPoolMXBean().softEvictConnections();
    // An operator elsewhere (this JVM) adds an override; every worker must apply it.
    try (PostgresFleet admin = PostgresFleet.builder().dataSource(ds).deployment(deployment).instanceId("admin")
        .slo(FleetWorker.slo()).migrate(false).build()) {
      RoutingState cur = admin.store().load().orElseThrow();
      Map<String, ModelVersion> overrides = new HashMap<>(cur.overrides());
      overrides.put("qa-tenant", FleetWorker.STABLE);
      RoutingState next = new RoutingState(cur.revision() + 1, cur.stable(),
          cur.candidates(), overrides, Instant.ofEpochMilli(T0));
      assertThat(admin.store().compareAndSet(cur.revision(), next)).isTrue();
      for (Worker w : survivors) {
        long start = System.nanoTime();
        String s = w.send("state");
        while (!s.contains("revision=" + next.revision()) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
          Thread.sleep(20);
          s = w.send("state");
        }
        assertThat(s).as("worker %s after the outage", w.name).contains("revision=" + next.revision());
      }
    }
  }

  /** One 10 s window of traffic on every live instance, then publish and a local tick. */
  private void window(int requests, int errors) throws Exception {
    for (Worker w : workers) {
      if (w.alive()) {
        assertThat(w.send("traffic " + requests + " " + errors)).isEqualTo("ok failures=0 candidate=" + requests);
      }
    }
    for (Worker w : workers) {
      if (w.alive()) {
        assertThat(w.send("advance 10000")).startsWith("ok");
        assertThat(w.send("publish")).startsWith("ok rows=");
        // Locally the window is inconclusive (40 < 100 requests): no instance can roll back alone.
        String local = w.send("tick");
        assertThat(local).startsWith("ok local=").doesNotContain("BREACHING");
      }
    }
  }

  /** A worker JVM and its line protocol. */
  static final class Worker {
    final String name;
    final Process process;
    final BufferedWriter in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Path err;

    private Worker(String name, Process process, Path err) {
      this.name = name;
      this.process = process;
      this.err = err;
      this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String l;
          while ((l = r.readLine()) != null) {
            lines.add(l);
          }
        } catch (IOException ignored) {
          // process gone
        }
      }, "worker-out-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    static Worker start(String url, String deployment, String name, Path logs) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path err = logs.resolve(name + ".err");
      Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
          FleetWorker.class.getName(), url, Pg.user(), deployment, name, Long.toString(T0))
          .redirectError(err.toFile()).start();
      return new Worker(name, p, err);
    }

    String await() throws Exception {
      String l = lines.poll(60, TimeUnit.SECONDS);
      if (l == null) {
        throw new AssertionError("worker " + name + " did not answer; stderr: " + log());
      }
      return l;
    }

    String send(String command) throws Exception {
      in.write(command);
      in.newLine();
      in.flush();
      return await();
    }

    boolean alive() {
      return process.isAlive();
    }

    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String log() {
      try {
        File f = err.toFile();
        return f.exists() ? Files.readString(err) : "";
      } catch (IOException e) {
        return e.toString();
      }
    }
  }
}
