package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** 32 threads route while an operator ramps weights and the SLO alarm rolls the candidate back. */
class RouterConcurrencyTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final int THREADS = 32;
  static final int KEYS_PER_THREAD = 100;
  static final int POST_ROLLBACK_PER_THREAD = 300;

  volatile boolean rollbackStarting;
  volatile boolean rollbackDone;

  @Test
  void noRequestLostNoExceptionAndStickyWhileWeightsOnlyGrow() throws Exception {
    ManualClock clock = ManualClock.create();
    TestPredictor blue = new TestPredictor("1.0.0-1", null, 0);
    TestPredictor green = new TestPredictor("1.1.0-2", null, 0).failEvery(10);
    SloConfig slo = SloConfig.custom()
        .windowLength(Duration.ofSeconds(1))
        .evaluationDelay(Duration.ZERO)
        .breachingWindows(1)
        .minRequestsPerWindow(20)
        .build();
    List<RouterEvent> events = new ArrayList<>();
    Router<String, String> router = Router.<String, String>builder()
        .clock(clock).slo(slo).version(blue).version(green).stable(BLUE).candidate(GREEN, 500)
        .listener(new RouterListener() {
          @Override
          public synchronized void onEvent(RouterEvent e) {
            events.add(e);
          }
        })
        .build();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong answered = new AtomicLong();
    AtomicLong progress = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<int[]>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        // Per key: 0 = only stable so far, 1 = reached the candidate before the rollback.
        int[] reachedCandidate = new int[KEYS_PER_THREAD];
        int[] stats = new int[4]; // stickiness violations, post-rollback candidate hits, post-rollback requests, attempts
        start.await();
        // Route until the rollback is done and this thread has routed enough requests after it.
        while (stats[2] < POST_ROLLBACK_PER_THREAD) {
          for (int k = 0; k < KEYS_PER_THREAD; k++) {
            stats[3]++;
            String key = "t" + thread + "-k" + k;
            boolean after = rollbackDone;
            try {
              Routed<String> r = router.route(key, "x");
              boolean before = !rollbackStarting; // read after routing: the table read preceded the rollback
              assertThat(r.output()).isEqualTo(r.answeredBy() + ":x");
              answered.incrementAndGet();
              boolean onGreen = r.chosen().equals(GREEN);
              if (after) {
                stats[2]++;
                if (onGreen) {
                  stats[1]++;
                }
              } else if (before) {
                if (reachedCandidate[k] == 1 && !onGreen) {
                  stats[0]++;
                }
                if (onGreen) {
                  reachedCandidate[k] = 1;
                }
              }
            } catch (Throwable e) {
              failures.add(e);
            }
            progress.incrementAndGet();
          }
        }
        return stats;
      }));
    }

    long phase = 10_000;
    start.countDown();
    int[] ramp = {1000, 2000, 3000, 5000};
    for (int i = 0; i < ramp.length; i++) {
      awaitProgress(progress, phase * (i + 1));
      router.rollout().setWeight(GREEN, ramp[i]);
      router.controller().tick(); // concurrent folding of windows while requests record
    }
    awaitProgress(progress, phase * 6);
    clock.advance(Duration.ofSeconds(2));
    rollbackStarting = true;
    router.controller().tick();
    rollbackDone = true;

    int violations = 0;
    int postCandidate = 0;
    int postRequests = 0;
    long total = 0;
    for (Future<int[]> f : results) {
      int[] s = f.get(60, TimeUnit.SECONDS);
      violations += s[0];
      postCandidate += s[1];
      postRequests += s[2];
      total += s[3];
    }
    pool.shutdown();

    assertThat(failures).isEmpty();
    assertThat(answered.get()).isEqualTo(total);
    assertThat(blue.calls() + green.calls() - green.failures()).isEqualTo(total);
    assertThat(violations).as("keys that left the candidate while its weight only grew").isZero();
    assertThat(events).filteredOn(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK).hasSize(1);
    assertThat(router.state().weightOf(GREEN)).isZero();
    assertThat(total).isGreaterThan(phase * 6);
    assertThat(postRequests).isGreaterThanOrEqualTo(THREADS * POST_ROLLBACK_PER_THREAD);
    assertThat(postCandidate).as("candidate hits after the rollback tick returned").isZero();
    router.close();
  }

  private static void awaitProgress(AtomicLong progress, long target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (progress.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }
}
