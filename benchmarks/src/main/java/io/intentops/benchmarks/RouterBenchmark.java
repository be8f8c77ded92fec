package io.intentops.benchmarks;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.RequestOutcome;
import io.intentops.router.Router;
import io.intentops.router.SloConfig;
import io.intentops.router.internal.SlidingWindowMetrics;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the router's per-request work, excluding the model: the routing decision (sticky bucket,
 * weight lookup), a full {@code predict} through a trivial predictor (decision + SLO window recording
 * + latency measurement), and recording into an SLO window alone.
 *
 * <p>Run: {@code mvn -B -ntp -pl benchmarks -am package -DskipTests} then
 * {@code mvn -B -ntp -pl benchmarks exec:exec -Djmh.args="RouterBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouterBenchmark {
  private static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  private static final ModelVersion GREEN = ModelVersion.parse("1.1.0-1");

  private Router<String, String> router;
  private SlidingWindowMetrics window;
  private String[] keys;

  /** A model that costs nothing, so the benchmark measures the router alone. */
  record Echo(ModelVersion version) implements Predictor<String, String> {
    @Override
    public String predict(String input) {
      return input;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    router = Router.<String, String>builder()
        .version(new Echo(BLUE))
        .version(new Echo(GREEN))
        .stable(BLUE)
        .candidate(GREEN, 1000)
        .build();
    window = new SlidingWindowMetrics(GREEN, SloConfig.ofDefaults(), Clock.system().millis());
    keys = new String[1024];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "user-" + (i * 7919);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;

    String next(String[] keys) {
      return keys[(i++) & (keys.length - 1)];
    }
  }

  /** Routing decision only: murmur3 bucket + weight table lookup. */
  @Benchmark
  public ModelVersion select(Cursor c) {
    return router.select(c.next(keys), null);
  }

  /** Decision + call + SLO recording, single thread. */
  @Benchmark
  public String predict(Cursor c) {
    return router.predict(c.next(keys), "hello");
  }

  /** Decision + call + SLO recording, 4 threads contending for the same windows. */
  @Benchmark
  @Threads(4)
  public String predictContended(Cursor c) {
    return router.predict(c.next(keys), "hello");
  }

  /** Recording one outcome into an SLO window (per-second bucket, histogram). */
  @Benchmark
  public void recordSlo(Cursor c) {
    window.record(System.currentTimeMillis(), RequestOutcome.SUCCESS, 1_234_567L + (c.i++ & 1023) * 1000L);
  }
}
