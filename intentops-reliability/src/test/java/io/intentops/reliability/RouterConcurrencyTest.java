package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.router.CandidateState;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.internal.Bucketing;
import io.intentops.router.RouterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 64 threads hammer one router while the operator ramps a candidate, the candidate starts failing and
 * the SLO alarm rolls it back, and a second candidate is added and ramped. Checks: no unexpected
 * exception (only the injected client errors), no lost request (every request gets exactly one
 * result and the predictors' answer counts add up), every request went to the version the routing
 * function gives for the state it saw, and the documented monotone ramp (a key on the candidate stays
 * there while its weight only grows).
 *
 * <p>The router has no run-time registration: versions are registered when it is built; "registering
 * a new candidate" means adding an idle registered version to the state ({@code setWeight}).
 */
class RouterConcurrencyTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final ModelVersion TEAL = ModelVersion.parse("1.2.0-3");
  static final List<ModelVersion> VERSIONS = List.of(BLUE, GREEN, TEAL);
  static final int THREADS = 64;
  static final int KEYS = 2_000;

  @Test
  void sixtyFourThreadsThroughRampRollbackAndANewCandidate() throws Exception {
    long total = Long.getLong("reliability.router.requests", 40_000);
    int perThread = (int) (total / THREADS);
    ManualClock clock = ManualClock.create();
    FlakyPredictor blue = new FlakyPredictor(BLUE);
    FlakyPredictor green = new FlakyPredictor(GREEN);
    FlakyPredictor teal = new FlakyPredictor(TEAL);
    Map<Long, RoutingState> states = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<RouterEvent> events = new ConcurrentLinkedQueue<>();
    SloConfig slo = SloConfig.custom().windowLength(Duration.ofSeconds(1)).evaluationDelay(Duration.ZERO)
        .breachingWindows(2).minRequestsPerWindow(20).build();
    Router<String, String> router = Router.<String, String>builder().clock(clock).slo(slo)
        .version(blue).version(green).version(teal).stable(BLUE).candidate(GREEN, 500)
        .listener(new RouterListener() {
          @Override
          public void onEvent(RouterEvent e) {
            states.put(e.after().revision(), e.after());
            events.add(e);
          }
        }).build();
    states.put(router.state().revision(), router.state());

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong progress = new AtomicLong();
    AtomicLong clientErrors = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> observations = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      observations.add(pool.submit(() -> {
        Random rnd = new Random(Fixtures.SEED + thread);
        long[] obs = new long[perThread]; // revision << 20 | key << 2 | chosen; -1: not attributable
        start.await();
        // At least perThread requests, and on until the operator's script is done, so every phase sees
        // traffic however the threads are scheduled.
        int i = 0;
        for (; i < perThread || !done.get(); i++) {
          if (i == obs.length) {
            obs = java.util.Arrays.copyOf(obs, obs.length * 2);
          }
          int key = rnd.nextInt(KEYS);
          String input = rnd.nextInt(50) == 0 ? " " : "text " + i;
          obs[i] = -1;
          try {
            long before = router.state().revision();
            Routed<String> r = router.route("user-" + key, input);
            long after = router.state().revision();
            assertThat(r.output()).isEqualTo(r.answeredBy() + ":" + input);
            assertThat(r.fellBack()).isEqualTo(!r.answeredBy().equals(r.chosen()));
            answered.incrementAndGet();
            if (before == after) {
              obs[i] = before << 20 | (long) key << 2 | VERSIONS.indexOf(r.chosen());
            }
          } catch (InvalidInputException e) {
            clientErrors.incrementAndGet();
          } catch (Throwable e) {
            unexpected.add(e);
          } finally {
            progress.incrementAndGet();
          }
        }
        return java.util.Arrays.copyOf(obs, i);
      }));
    }

    long step = Math.max(500, total / 20);
    start.countDown();
    long rampEnd;
    for (int w : new int[] {1000, 2000, 3000}) {
      await(progress, progress.get() + step);
      router.rollout().setWeight(GREEN, w);
      router.controller().tick();
    }
    rampEnd = router.state().revision();
    // The candidate starts failing (20 % server errors): the alarm must roll it back.
    green.failEvery(5);
    for (int window = 0; window < 20 && router.state().weightOf(GREEN) > 0; window++) {
      await(progress, progress.get() + step / 2);
      clock.advance(Duration.ofSeconds(1));
      router.controller().tick();
    }
    assertThat(router.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    long rolledBackAt = router.state().revision();
    // A new candidate joins and ramps.
    await(progress, progress.get() + step);
    router.rollout().setWeight(TEAL, 2000);
    await(progress, progress.get() + step);
    router.rollout().setWeight(TEAL, 4000);
    await(progress, progress.get() + step);
    done.set(true);

    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : observations) {
      all.add(f.get(120, TimeUnit.SECONDS)); // a hang fails here
    }
    pool.shutdown();

    assertThat(unexpected).as("unexpected exceptions").isEmpty();
    long submitted = all.stream().mapToLong(o -> o.length).sum();
    assertThat(submitted).isGreaterThanOrEqualTo((long) perThread * THREADS);
    assertThat(answered.get() + clientErrors.get()).as("every request got exactly one result").isEqualTo(submitted);
    assertThat(blue.answers.get() + green.answers.get() + teal.answers.get()).isEqualTo(answered.get());
    assertThat(clientErrors.get()).isPositive();
    assertThat(events).filteredOn(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK).hasSize(1)
        .allMatch(e -> e.version().equals(GREEN));
    assertThat(green.failures.get()).isPositive();

    // Every attributable request went where the routing function sends its key in the state it saw.
    long checked = 0;
    Map<Integer, Long> firstOnGreen = new HashMap<>();
    int rampViolations = 0;
    List<Long> ordered = new ArrayList<>();
    for (long[] obs : all) {
      for (long o : obs) {
        if (o < 0) {
          continue;
        }
        long rev = o >>> 20;
        int key = (int) ((o >>> 2) & 0x3FFFF);
        ModelVersion chosen = VERSIONS.get((int) (o & 3));
        RoutingState s = states.get(rev);
        assertThat(s).as("state of revision %d", rev).isNotNull();
        assertThat(chosen).as("key %d at revision %d", key, rev).isEqualTo(expected(s, "user-" + key));
        if (rev >= rolledBackAt) {
          assertThat(chosen).isNotEqualTo(GREEN);
        }
        if (rev <= rampEnd) {
          ordered.add(o);
        }
        checked++;
      }
    }
    // Monotone ramp: during the ramp (weights only grew), a key seen on GREEN is never seen on BLUE later.
    ordered.sort(null);
    for (long o : ordered) {
      int key = (int) ((o >>> 2) & 0x3FFFF);
      long rev = o >>> 20;
      boolean onGreen = (o & 3) == 1;
      if (onGreen) {
        firstOnGreen.putIfAbsent(key, rev);
      } else if (firstOnGreen.containsKey(key) && firstOnGreen.get(key) < rev) {
        rampViolations++;
      }
    }
    System.out.printf("router-concurrency: %d requests by %d threads, %d client errors, %d attributed and checked, "
        + "%d candidate failures fell back, rollback at revision %d, final revision %d%n", submitted, THREADS,
        clientErrors.get(), checked, green.failures.get(), rolledBackAt, router.state().revision());
    Soak.write("router-concurrency", String.format(java.util.Locale.ROOT, "{\"requests\":%d,\"threads\":%d,"
        + "\"clientErrors\":%d,\"checked\":%d,\"candidateFailuresFellBack\":%d,\"rampViolations\":%d,"
        + "\"unexpected\":%d}", submitted, THREADS, clientErrors.get(), checked, green.failures.get(), rampViolations,
        unexpected.size()));
    assertThat(rampViolations).as("keys that left the candidate while its weight only grew").isZero();
    assertThat(checked).isGreaterThan(submitted / 2);
    assertThat(firstOnGreen).isNotEmpty();
    router.close();
  }

  /** The documented routing function: candidates own consecutive bucket ranges from 0 in state order. */
  static ModelVersion expected(RoutingState s, String key) {
    int bucket = Bucketing.bucket(key, RouterConfig.DEFAULT_SALT);
    int upper = 0;
    for (CandidateState c : s.candidates()) {
      upper += c.weightBps();
      if (bucket < upper) {
        return c.version();
      }
    }
    return s.stable();
  }

  private static void await(AtomicLong progress, long target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (progress.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }
}
