package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.Feedback;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTest {

  @Test
  void feedbackIsPersistedAndAccuracyPerVersionSurvivesARestart(@TempDir Path dir) {
    ManualClock clock = ManualClock.create();
    Random rnd = new Random(2025);
    try (CapturePipeline p = CapturePipeline.builder().sink(JsonlFileSink.builder(dir).clock(clock).build()).build()) {
      for (int i = 0; i < 400; i++) {
        var v = i % 2 == 0 ? Fixtures.V1 : Fixtures.V2;
        double pCorrect = v == Fixtures.V1 ? 0.9 : 0.6;
        p.accept(new io.intentops.core.capture.CaptureRecord("r" + i, clock.instant(), v, null, "t", "balance", 0.8,
            List.of(new io.intentops.core.ScoredLabel("balance", 0.8)), false, 0.1, java.time.Duration.ZERO));
        boolean right = rnd.nextDouble() < pCorrect;
        p.accept(right ? Feedback.thumbsUp("r" + i, clock.instant(), v)
            : i % 3 == 0 ? Feedback.thumbsDown("r" + i, clock.instant(), v)
            : Feedback.correction("r" + i, clock.instant(), v, "transfer"));
      }
    }
    // A new process: everything comes back from the files.
    OnlineAccuracy acc = OnlineAccuracy.of(CaptureFiles.read(dir).events());
    OnlineAccuracy.Estimate v1 = acc.estimate(Fixtures.V1);
    OnlineAccuracy.Estimate v2 = acc.estimate(Fixtures.V2);
    assertThat(v1.judged()).isEqualTo(200);
    assertThat(v2.judged()).isEqualTo(200);
    assertThat(v1.lower()).isLessThan(v1.accuracy()).isGreaterThan(0.8);
    assertThat(v1.upper()).isGreaterThan(v1.accuracy()).isLessThanOrEqualTo(1.0);
    assertThat(v2.accuracy()).isBetween(0.5, 0.7);
    assertThat(v2.upper()).as("v2 is separably worse").isLessThan(v1.lower());
    assertThat(acc.estimates()).containsOnlyKeys(Fixtures.V1, Fixtures.V2);
  }

  @Test
  void wilsonMatchesTheClosedForm() {
    OnlineAccuracy acc = OnlineAccuracy.create();
    for (int i = 0; i < 50; i++) {
      acc.accept(i < 40 ? Feedback.thumbsUp("r" + i, Instant.EPOCH, Fixtures.V1)
          : Feedback.thumbsDown("r" + i, Instant.EPOCH, Fixtures.V1));
    }
    OnlineAccuracy.Estimate e = acc.estimate(Fixtures.V1);
    double z = 1.959963984540054;
    double n = 50;
    double ph = 0.8;
    double centre = (ph + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(ph * (1 - ph) / n + z * z / (4 * n * n));
    assertThat(e.lower()).isCloseTo(centre - half, within(1e-9));
    assertThat(e.upper()).isCloseTo(centre + half, within(1e-9));
  }

  @Test
  void aCorrectionToTheServedLabelCountsAsCorrectAndLaterFeedbackReplacesEarlier() {
    OnlineAccuracy acc = OnlineAccuracy.create();
    acc.accept(Fixtures.record("a", Instant.EPOCH, "t", "balance", 0.7, false));
    acc.accept(Feedback.correction("a", Instant.EPOCH, Fixtures.V1, "balance"));
    assertThat(acc.estimate(Fixtures.V1).correct()).isEqualTo(1);
    acc.accept(Feedback.thumbsDown("a", Instant.EPOCH, Fixtures.V1));
    assertThat(acc.estimate(Fixtures.V1)).extracting(OnlineAccuracy.Estimate::judged, OnlineAccuracy.Estimate::correct)
        .containsExactly(1L, 0L);
    assertThat(acc.estimate(Fixtures.V2).judged()).isZero();
    assertThat(acc.estimate(Fixtures.V2).accuracy()).isNaN();
  }

  @Test
  void badFeedbackIsATypedError() {
    assertThatThrownBy(() -> Feedback.correction("a", Instant.EPOCH, Fixtures.V1, " "))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("corrected label");
    assertThatThrownBy(() -> new Feedback("a", Instant.EPOCH, Fixtures.V1, Feedback.Kind.THUMBS_UP, "x"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Feedback.thumbsUp(" ", Instant.EPOCH, Fixtures.V1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Request id");
  }

  @Property(tries = 200, seed = "2025")
  void countsAlwaysEqualTheLatestVerdictPerRequest(@ForAll @IntRange(min = 1, max = 300) int events,
      @ForAll @IntRange(min = 1, max = 30) int requests, @ForAll long seed) {
    Random rnd = new Random(seed);
    OnlineAccuracy acc = OnlineAccuracy.create();
    java.util.Map<String, Boolean> latest = new java.util.HashMap<>();
    for (int i = 0; i < events; i++) {
      String id = "r" + rnd.nextInt(requests);
      boolean up = rnd.nextBoolean();
      CaptureEvent f = up ? Feedback.thumbsUp(id, Instant.EPOCH, Fixtures.V1) : Feedback.thumbsDown(id, Instant.EPOCH, Fixtures.V1);
      acc.accept(f);
      latest.put(id, up);
    }
    OnlineAccuracy.Estimate e = acc.estimate(Fixtures.V1);
    assertThat(e.judged()).isEqualTo(latest.size());
    assertThat(e.correct()).isEqualTo(latest.values().stream().filter(b -> b).count());
    assertThat(e.lower()).isBetween(0.0, e.accuracy());
    assertThat(e.upper()).isBetween(e.accuracy(), 1.0);
  }
}
