package io.intentops.benchmarks;

import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.Router;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeConfig;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the canary judge's share of the router's work, next to {@link RouterBenchmark}: routing +
 * recording with the quality-guardrail functions on (label and out-of-scope counted per successful
 * request), and one judge evaluation (what each tick adds per candidate, off the request path).
 *
 * <p>Run: {@code mvn -B -ntp -pl benchmarks -am package -DskipTests} then
 * {@code mvn -B -ntp -pl benchmarks exec:exec -Djmh.args="JudgeBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JudgeBenchmark {
  private static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  private static final ModelVersion GREEN = ModelVersion.parse("1.1.0-1");

  private Router<String, String> router;
  private Router<String, String> guarded;
  private CanaryJudge judge;
  private Evidence candidate;
  private Evidence stable;
  private long second;
  private String[] keys;

  /** A model that costs nothing and answers a label out of eight. */
  record Echo(ModelVersion version) implements Predictor<String, String> {
    @Override
    public String predict(String input) {
      return input;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    router = Router.<String, String>builder().version(new Echo(BLUE)).version(new Echo(GREEN)).stable(BLUE)
        .candidate(GREEN, 1000).build();
    guarded = Router.<String, String>builder().version(new Echo(BLUE)).version(new Echo(GREEN)).stable(BLUE)
        .candidate(GREEN, 1000).outputLabels(s -> s).outOfScope(s -> s.isEmpty()).build();
    int bins = SloConfig.ofDefaults().latencyBoundaries().size() + 1;
    judge = CanaryJudge.create(GREEN, JudgeConfig.ofDefaults(), SloConfig.ofDefaults().latencyBoundaries(),
        CanaryJudge.basicKinds());
    long[] c = new long[bins];
    c[8] = 19;
    c[12] = 1;
    long[] s = new long[bins];
    s[8] = 170;
    s[10] = 10;
    candidate = Evidence.of(20, 0, c);
    stable = Evidence.of(180, 1, s);
    keys = new String[1024];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "user-" + (i * 7919);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
    guarded.close();
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;

    String next(String[] keys) {
      return keys[(i++) & (keys.length - 1)];
    }
  }

  /** Decision + call + recording with the default judge (same path as RouterBenchmark.predict). */
  @Benchmark
  public String routeAndRecord(Cursor c) {
    return router.predict(c.next(keys), "hello");
  }

  /** Decision + call + recording + label and out-of-scope counters for the guardrails. */
  @Benchmark
  public String routeAndRecordWithGuardrails(Cursor c) {
    return guarded.predict(c.next(keys), (c.i & 7) == 0 ? "card_arrival" : "lost_card");
  }

  /** One judge evaluation of one second of evidence at 200 requests/s (6 default rules). */
  @Benchmark
  public Decision judgeOneSecond() {
    return judge.observe(Instant.ofEpochSecond(1_735_689_600L + ++second), candidate, stable);
  }
}
