package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackRecord;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterConfig;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection through the router: a candidate that throws (an untyped exception), hangs, returns
 * non-finite scores, or whose bundle is corrupted on disk while it serves. In every case no caller
 * sees an error caused by the candidate (the stable version answers), and where the candidate keeps
 * failing the SLO alarm rolls it back after exactly the configured number of breaching windows.
 */
class RouterFaultInjectionTest {
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");
  static final int BREACHING_WINDOWS = 3;
  static final int PER_WINDOW = 40;

  static final SloConfig SLO = SloConfig.custom().windowLength(Duration.ofSeconds(1)).evaluationDelay(Duration.ZERO)
      .breachingWindows(BREACHING_WINDOWS).minRequestsPerWindow(10).build();

  @TempDir Path dir;

  @Test
  void candidateThatThrowsAnUntypedException() {
    Predictor<String, String> bad = new Named(CANDIDATE, in -> {
      throw new IllegalStateException("bug in candidate");
    });
    ManualClock clock = ManualClock.create();
    try (Router<String, String> r = Router.<String, String>builder().clock(clock).slo(SLO)
        .version(new Named(STABLE, in -> "stable:" + in)).version(bad).stable(STABLE).candidate(CANDIDATE, 5_000)
        .build()) {
      driveUntilRollback(r, clock, i -> {
        Routed<String> out = r.route("user-" + i, "text " + i);
        assertThat(out.output()).isEqualTo("stable:text " + i);
        return out;
      });
    }
  }

  @Test
  void candidateThatHangsIsCutOffByTheFallbackTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Predictor<String, String> hung = new Named(CANDIDATE, in -> {
      try {
        never.await(); // hangs until interrupted by the router's cancel
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InferenceException("interrupted");
      }
      return "never";
    });
    ManualClock clock = ManualClock.create();
    ExecutorService timeouts = Executors.newCachedThreadPool();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (Router<String, String> r = Router.<String, String>builder().clock(clock).slo(SLO)
        .config(RouterConfig.custom().fallbackTimeout(Duration.ofMillis(25)).build()).timeoutExecutor(timeouts)
        .version(new Named(STABLE, in -> "stable:" + in)).version(hung).stable(STABLE).candidate(CANDIDATE, 5_000)
        .build()) {
      driveUntilRollback(r, clock, i -> {
        // Each window's requests run in parallel so the 25 ms cut-offs overlap.
        List<Future<Routed<String>>> fs = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
          int key = i * 8 + k;
          fs.add(callers.submit(() -> r.route("user-" + key, "text " + key)));
        }
        Routed<String> last = null;
        for (int k = 0; k < fs.size(); k++) {
          Routed<String> out = get(fs.get(k));
          assertThat(out.output()).isEqualTo("stable:text " + (i * 8 + k));
          last = out;
        }
        return last;
      });
    } finally {
      callers.shutdownNow();
      timeouts.shutdownNow();
      assertThat(timeouts.awaitTermination(30, TimeUnit.SECONDS)).as("hung calls were interrupted").isTrue();
    }
  }

  @Test
  void candidateWithNonFiniteScores() throws Exception {
    ManualClock clock = ManualClock.create();
    try (IntentPredictor stable = Fixtures.tinyPredictor(Fixtures.tinyExport(dir.resolve("s"), false), "1.0.0-1");
        IntentPredictor nan = Fixtures.tinyPredictor(Fixtures.tinyExport(dir.resolve("c"), true), "1.1.0-2")) {
      // The predictor itself refuses to turn NaN logits into a prediction.
      assertThatThrownBy(() -> nan.predict("poison card")).isInstanceOf(InferenceException.class)
          .hasMessageContaining("non-finite");
      try (Router<String, IntentPrediction> r = Router.<String, IntentPrediction>builder().clock(clock).slo(SLO)
          .version(stable).version(nan).stable(STABLE).candidate(CANDIDATE, 5_000).build()) {
        driveUntilRollback(r, clock, i -> {
          Routed<IntentPrediction> out = r.route("user-" + i, "poison card " + i);
          assertThat(out.answeredBy()).isEqualTo(STABLE);
          assertThat(out.output().score()).isBetween(0.0, 1.0);
          assertThat(out.output().label()).isEqualTo("card");
          return out;
        });
      }
    }
  }

  @Test
  void bundleCorruptedOnDiskWhileServing() throws Exception {
    Path bundle = Fixtures.banking77Int8(dir.resolve("b77"), true);
    ManualClock clock = ManualClock.create();
    List<String> texts = Fixtures.texts(20, Fixtures.SEED);
    // The reference bundle is 1.0.0-1, so the stable stand-in gets an older version.
    try (IntentPredictor stable = Fixtures.tinyPredictor(Fixtures.tinyExport(dir.resolve("s"), false), "0.9.0-1");
        IntentPredictor candidate = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).build()) {
      ModelVersion cv = candidate.version();
      try (Router<String, IntentPrediction> r = Router.<String, IntentPrediction>builder().clock(clock).slo(SLO)
          .version(stable).version(candidate).stable(stable.version()).candidate(cv, 10_000).build()) {
        List<IntentPrediction> before = new ArrayList<>();
        for (String t : texts) {
          before.add(r.predict("k", t));
        }
        // Corrupt the encoder and the head on disk while the predictor serves.
        flipBytes(bundle.resolve("encoder-int8.onnx"));
        flipBytes(bundle.resolve("head.safetensors"));
        RoutingState state = r.state();
        for (int i = 0; i < texts.size(); i++) {
          Routed<IntentPrediction> out = r.route("k", texts.get(i));
          // The loaded predictor keeps serving from memory: same answers, no fallback.
          assertThat(out.answeredBy()).isEqualTo(cv);
          assertThat(out.fellBack()).isFalse();
          assertThat(out.output().label()).isEqualTo(before.get(i).label());
          assertThat(out.output().score()).isEqualTo(before.get(i).score());
        }
        // A reload verifies the digests and refuses the corrupted files; the router is untouched.
        assertThatThrownBy(() -> IntentPredictor.builder().bundle(bundle).build())
            .isInstanceOf(ModelIntegrityException.class);
        assertThat(r.state()).isEqualTo(state);
        assertThat(r.route("k", texts.get(0)).output().label()).isEqualTo(before.get(0).label());
      }
    }
  }

  /**
   * Sends {@link #PER_WINDOW} requests per one-second window and ticks after each; the candidate must
   * be rolled back in the tick that judges the {@link #BREACHING_WINDOWS}-th window, not earlier.
   */
  private static <O> void driveUntilRollback(Router<String, O> r, ManualClock clock, Function<Integer, Routed<O>> call) {
    int i = 0;
    int fellBack = 0;
    // The canary judge rolls back as soon as the failures are evidence (at least 20 requests), which
    // can be before the last of the SLO windows that used to be needed.
    for (int window = 1; window <= BREACHING_WINDOWS && r.state().weightOf(CANDIDATE) > 0; window++) {
      for (int k = 0; k < PER_WINDOW; k++) {
        Routed<O> out = call.apply(i++);
        fellBack += out.fellBack() ? 1 : 0; // no caller saw an error: call() returned an answer
      }
      clock.advance(Duration.ofSeconds(1));
      r.controller().tick();
    }
    CandidateState c = r.state().candidate(CANDIDATE).orElseThrow();
    assertThat(c.phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    assertThat(r.state().weightOf(CANDIDATE)).isZero();
    RollbackRecord rec = c.rollback();
    assertThat(rec).isNotNull();
    assertThat(fellBack).as("requests the candidate failed and stable answered").isPositive();
    // After the rollback the stable version answers everything directly.
    for (int k = 0; k < 20; k++) {
      Routed<O> out = call.apply(i++);
      assertThat(out.chosen()).isEqualTo(STABLE);
    }
  }

  private static void flipBytes(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (long pos = f.length() / 3; pos < f.length() / 3 + 64; pos++) {
        f.seek(pos);
        int b = f.read();
        f.seek(pos);
        f.write(b ^ 0xFF);
      }
    }
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("caller saw " + e, e);
    }
  }

  /** A predictor from a function. */
  record Named(ModelVersion version, Function<String, String> fn) implements Predictor<String, String> {
    @Override
    public String predict(String input) {
      return fn.apply(input);
    }
  }
}
