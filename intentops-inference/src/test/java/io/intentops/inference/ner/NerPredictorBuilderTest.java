package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.NerResult;
import io.intentops.inference.encoder.OrtSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's validation, defaults and injected clock. */
class NerPredictorBuilderTest {

  /** A fake clock whose nanoTime advances by a fixed step on every read. */
  static final class SteppingClock implements Clock {
    final AtomicLong nanos = new AtomicLong();
    final long step;

    SteppingClock(Duration step) {
      this.step = step.toNanos();
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH.plusNanos(nanos.get());
    }

    @Override
    public long nanoTime() {
      return nanos.getAndAdd(step);
    }
  }

  @Test
  void latencyIsMeasuredWithTheInjectedClock(@TempDir Path dir) {
    HfTinyModel.write(dir);
    SteppingClock clock = new SteppingClock(Duration.ofMillis(7));
    try (NerPredictor p = NerPredictor.builder().huggingFace(dir).clock(clock).build()) {
      NerResult r = p.predict("john smith in paris");
      assertThat(r.latency()).isEqualTo(Duration.ofMillis(7)); // exactly two reads: start and end
      assertThat(r.entities()).extracting(e -> e.text()).containsExactly("john smith", "paris");
    }
  }

  @Test
  void threadDefaultIsTheSameAsIntent() {
    assertThat(NerPredictor.Builder.DEFAULT_INTRA_OP_THREADS)
        .isEqualTo(OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS)
        .isBetween(1, 4);
  }

  @Test
  void settersRejectBadValuesAtOnce() {
    NerPredictor.Builder b = NerPredictor.builder();
    assertThatThrownBy(() -> b.intraOpThreads(0)).isInstanceOf(ConfigurationException.class)
        .hasMessage("intraOpThreads must be >= 1, got 0");
    assertThatThrownBy(() -> b.oLogBias(Double.NaN)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> b.oLogBias(Double.POSITIVE_INFINITY)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void exactlyOneSourceIsRequired(@TempDir Path dir) {
    assertThatThrownBy(() -> NerPredictor.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> NerPredictor.builder().huggingFace(dir).bundle(dir).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one");
  }

  @Test
  void builtPredictorsAreTheInternalImplementation(@TempDir Path dir) {
    HfTinyModel.write(dir);
    try (NerPredictor p = NerPredictor.builder().huggingFace(dir).build()) {
      assertThat(p.getClass().getPackageName()).isEqualTo("io.intentops.inference.ner.internal");
      assertThat(p.manifest()).isNull();
      assertThat(p.labels()).isEqualTo(HfTinyModel.LABELS);
      assertThat(p.toString()).contains("0.0.0-0");
    }
  }
}
