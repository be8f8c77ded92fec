package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.CaptureSink;
import io.intentops.core.capture.Feedback;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CapturePipelineTest {

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    Fixtures.Recording memory = new Fixtures.Recording();
    CaptureSink stuck = new CaptureSink() {
      @Override
      public void accept(CaptureEvent event) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        memory.accept(event);
      }
    };
    try (CapturePipeline p = CapturePipeline.builder().sink(stuck).queueCapacity(10).batchSize(1).build()) {
      p.accept(Fixtures.record("first", Instant.EPOCH, "t", "a", 0.5, false));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue(); // the worker is now stuck in the sink
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        p.accept(Fixtures.record("r" + i, Instant.EPOCH, "t", "a", 0.5, false));
      }
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(elapsedMs).as("1000 accepts against a stuck sink").isLessThan(2000);
      CaptureStats s = p.stats();
      assertThat(s.offered()).isEqualTo(1001);
      assertThat(s.queued()).isEqualTo(10);
      assertThat(s.dropped()).isEqualTo(990);
      release.countDown();
      p.flush();
      CaptureStats after = p.stats();
      assertThat(after.delivered()).isEqualTo(11);
      assertThat(after.offered()).isEqualTo(after.sampledOut() + after.dropped() + after.redactionFailures()
          + after.delivered() + after.queued());
      assertThat(memory.events).hasSize(11);
    }
  }

  @Test
  void aFailingSinkIsCountedAndTheOthersStillReceive() {
    Fixtures.Recording memory = new Fixtures.Recording();
    CaptureSink broken = e -> {
      throw new IllegalStateException("disk full");
    };
    try (CapturePipeline p = CapturePipeline.builder().sink(broken).sink(memory).build()) {
      for (int i = 0; i < 50; i++) {
        p.accept(Fixtures.record("r" + i, Instant.EPOCH, "t", "a", 0.5, false));
      }
      p.flush();
      assertThat(memory.events).hasSize(50);
      assertThat(p.stats().sinkFailures()).isPositive();
    }
  }

  @Test
  void samplingKeepsTheRequestedShareDeterministicallyAndNeverSamplesFeedback() {
    Fixtures.Recording a = new Fixtures.Recording();
    Fixtures.Recording b = new Fixtures.Recording();
    for (Fixtures.Recording sink : List.of(a, b)) {
      try (CapturePipeline p = CapturePipeline.builder().sink(sink).sampleRate(0.25).build()) {
        for (int i = 0; i < 20_000; i++) {
          p.accept(Fixtures.record("req-" + i, Instant.EPOCH, "t", "a", 0.5, false));
        }
        for (int i = 0; i < 100; i++) {
          p.accept(Feedback.thumbsUp("req-" + i, Instant.EPOCH, Fixtures.V1));
        }
        p.flush();
      }
    }
    long kept = a.events.stream().filter(e -> e instanceof CaptureRecord).count();
    // 20000 Bernoulli(0.25): sd ~ 61, so +-4 sd is [4755, 5245].
    assertThat(kept).isBetween(4755L, 5245L);
    assertThat(a.events.stream().filter(e -> e instanceof Feedback).count()).isEqualTo(100);
    assertThat(b.events).extracting(CaptureEvent::requestId).isEqualTo(
        a.events.stream().map(CaptureEvent::requestId).toList());
  }

  @Test
  void eventsAfterCloseAreCountedAsDropped() {
    Fixtures.Recording memory = new Fixtures.Recording();
    CapturePipeline p = CapturePipeline.builder().sink(memory).build();
    p.close();
    p.accept(Fixtures.record("late", Instant.EPOCH, "t", "a", 0.5, false));
    assertThat(p.stats().dropped()).isEqualTo(1);
    assertThat(memory.events).isEmpty();
    p.close(); // idempotent
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> CapturePipeline.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least one sink");
    assertThatThrownBy(() -> CapturePipeline.builder().sampleRate(1.5)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> CapturePipeline.builder().queueCapacity(0)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void capturingPredictorHashesTheRoutingKeyAndNeverFailsTheRequest() {
    ManualClock clock = ManualClock.create();
    Fixtures.Recording memory = new Fixtures.Recording();
    CapturingPredictor cp = CapturingPredictor.wrap(Fixtures.firstWord(Fixtures.V1), memory, clock, "salt");
    IntentPrediction p = cp.predict("balance please", "req-1", "user-42");
    assertThat(p.label()).isEqualTo("balance");
    CaptureRecord r = (CaptureRecord) memory.events.get(0);
    assertThat(r.requestId()).isEqualTo("req-1");
    assertThat(r.routingKeyHash()).hasSize(32).isEqualTo(cp.hashKey("user-42")).doesNotContain("user-42");
    assertThat(r.label()).isEqualTo("balance");
    assertThat(r.time()).isEqualTo(clock.instant());

    CapturingPredictor failing = CapturingPredictor.wrap(Fixtures.firstWord(Fixtures.V1), e -> {
      throw new IllegalStateException("sink down");
    }, clock, "salt");
    assertThat(failing.predictBatch(List.of("a b", "c d"))).extracting(IntentPrediction::label).containsExactly("a", "c");
    assertThat(failing.captureFailures()).isEqualTo(2);
  }
}
