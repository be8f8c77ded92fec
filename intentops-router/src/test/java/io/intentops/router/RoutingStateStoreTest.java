package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingStateStoreTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");

  @TempDir Path dir;

  static RoutingState sample(long revision) {
    WindowSnapshot w = new WindowSnapshot(GREEN, Instant.parse("2025-01-01T00:05:00Z"), Duration.ofMinutes(1), 120, 3, 1,
        30_000, Long.MAX_VALUE, Long.MAX_VALUE, WindowSnapshot.Verdict.BREACHING, Set.of(SloRule.P95_LATENCY, SloRule.SERVER_ERROR_RATE));
    RollbackRecord why = new RollbackRecord(EnumSet.of(SloRule.P95_LATENCY), List.of(w), "because", Instant.parse("2025-01-01T00:06:01Z"));
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(15)).step(5000, Duration.ofMinutes(15)).build();
    return new RoutingState(revision, BLUE,
        List.of(new CandidateState(GREEN, 0, CandidateState.Phase.ROLLED_BACK, plan, 1, 1234L, why),
            new CandidateState(ModelVersion.parse("2.0.0-7"), 2500, CandidateState.Phase.RAMPING, plan, 0, 99L, null)),
        Map.of("tenant-qa", GREEN), Instant.parse("2025-01-01T00:06:01Z"));
  }

  @Test
  void fileStoreRoundTripsEveryField() {
    RoutingStateStore store = RoutingStateStore.file(dir.resolve("routing.json"));
    assertThat(store.load()).isEmpty();
    RoutingState s = sample(1);
    assertThat(store.compareAndSet(0, s)).isTrue();
    assertThat(store.load()).contains(s);
    assertThat(RoutingStateStore.file(dir.resolve("routing.json")).load()).contains(s);
  }

  @Test
  void compareAndSetRejectsStaleRevisions() {
    for (RoutingStateStore store : List.of(RoutingStateStore.inMemory(), RoutingStateStore.file(dir.resolve("s.json")))) {
      assertThat(store.compareAndSet(0, sample(1))).isTrue();
      assertThat(store.compareAndSet(0, sample(1))).isFalse();
      assertThat(store.compareAndSet(1, sample(2))).isTrue();
      assertThat(store.compareAndSet(1, sample(2))).isFalse();
      assertThat(store.load().orElseThrow().revision()).isEqualTo(2);
      assertThatThrownBy(() -> store.compareAndSet(2, sample(5))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void malformedFileIsAStoreExceptionNamingFileAndLine() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\n  \"revision\": 3,\n  \"stable\": \"not-a-version\"\n}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RoutingStateStore.file(f).load()).isInstanceOf(StoreException.class)
        .hasMessageContaining(f.getFileName().toString()).hasMessageContaining("line 3")
        .hasMessageContaining("not-a-version");
    Files.writeString(f, "{\"revision\": 1, \"stable\": \"1.0.0-1\", \"candidates\": [{\"version\": \"1.1.0-2\", "
        + "\"weightBps\": 20000, \"phase\": \"FIXED\", \"step\": 0, \"stepStartedAtMillis\": 0}], "
        + "\"overrides\": {}, \"updatedAt\": \"2025-01-01T00:00:00Z\"}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RoutingStateStore.file(f).load()).isInstanceOf(StoreException.class)
        .hasMessageContaining("20000");
  }

  @Test
  void concurrentWritersNeverLoseAnUpdate() throws Exception {
    Path f = dir.resolve("shared.json");
    RoutingStateStore seed = RoutingStateStore.file(f);
    assertThat(seed.compareAndSet(0, new RoutingState(1, BLUE, List.of(), Map.of(), Instant.EPOCH))).isTrue();
    int threads = 8;
    int increments = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        RoutingStateStore store = RoutingStateStore.file(f); // one store per "process"
        int conflicts = 0;
        for (int i = 0; i < increments; i++) {
          while (true) {
            RoutingState cur = store.load().orElseThrow();
            Map<String, ModelVersion> o = new java.util.HashMap<>(cur.overrides());
            o.put("t" + thread + "-" + i, BLUE);
            if (store.compareAndSet(cur.revision(),
                new RoutingState(cur.revision() + 1, BLUE, List.of(), o, Instant.EPOCH))) {
              break;
            }
            conflicts++;
          }
        }
        return conflicts;
      }));
    }
    for (Future<Integer> fu : futures) {
      fu.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    RoutingState last = seed.load().orElseThrow();
    assertThat(last.revision()).isEqualTo(1 + threads * increments);
    assertThat(last.overrides()).hasSize(threads * increments);
  }

  @Test
  void routersSharingAFileSeeEachOthersRollback() {
    Path f = dir.resolve("routing.json");
    ManualClock clock = ManualClock.create();
    SloConfig slo = SloConfig.custom().minRequestsPerWindow(5).breachingWindows(1).build();
    TestPredictor greenA = new TestPredictor("1.1.0-2", null, 0).failEvery(1);
    Router<String, String> a = Router.<String, String>builder().clock(clock).slo(slo).judge(TestJudges.hairTrigger())
        .store(RoutingStateStore.file(f))
        .version(new TestPredictor("1.0.0-1", null, 0)).version(greenA).stable(BLUE).candidate(GREEN, 10_000).build();
    TestPredictor greenB = new TestPredictor("1.1.0-2", null, 0);
    Router<String, String> b = Router.<String, String>builder().clock(clock).slo(slo)
        .store(RoutingStateStore.file(f))
        .version(new TestPredictor("1.0.0-1", null, 0)).version(greenB).stable(BLUE)
        .candidate(GREEN, 42) // ignored: the file already holds a state
        .build();
    assertThat(b.state()).isEqualTo(a.state());
    assertThat(b.state().weightOf(GREEN)).isEqualTo(10_000);
    for (int i = 0; i < 10; i++) {
      a.route("u" + i, "x");
      b.route("u" + i, "x");
    }
    clock.advance(Duration.ofSeconds(61));
    a.controller().tick(); // A's candidate failed: A rolls back in the shared file
    assertThat(a.state().weightOf(GREEN)).isZero();
    assertThat(b.select("u1", null)).isEqualTo(GREEN); // B has not refreshed yet
    b.controller().tick();
    assertThat(b.state().weightOf(GREEN)).isZero();
    assertThat(b.state().candidate(GREEN).orElseThrow().rollback().rules()).containsExactly(SloRule.SERVER_ERROR_RATE);
    assertThat(b.select("u1", null)).isEqualTo(BLUE);
    // B's operator cannot resurrect the candidate with a stale view.
    assertThatThrownBy(() -> b.rollout().promote(GREEN)).isInstanceOf(RolloutStateException.class)
        .hasMessageContaining("ROLLED_BACK");
  }

  @Test
  void aPromotionRacingARollbackNeverResurrectsTheCandidate() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int promotedWins = 0;
    int rollbackWins = 0;
    for (int round = 0; round < 100; round++) {
      ManualClock clock = ManualClock.create();
      List<RouterEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
      Router<String, String> r = Router.<String, String>builder().clock(clock)
          .slo(SloConfig.custom().minRequestsPerWindow(1).breachingWindows(1).windowLength(Duration.ofSeconds(1))
              .evaluationDelay(Duration.ZERO).build())
          .judge(TestJudges.hairTrigger())
          .config(RouterConfig.custom().bakePeriod(Duration.ZERO).build()) // this race is about the rollback alone
          .store(round % 2 == 0 ? RoutingStateStore.inMemory() : RoutingStateStore.file(dir.resolve("race-" + round + ".json")))
          .version(new TestPredictor("1.0.0-1", null, 0))
          .version(new TestPredictor("1.1.0-2", null, 0).failEvery(1))
          .stable(BLUE).candidate(GREEN, 10_000)
          .listener(new RouterListener() {
            @Override
            public void onEvent(RouterEvent e) {
              events.add(e);
            }
          })
          .build();
      for (int i = 0; i < 10; i++) {
        r.route("u", "x"); // ten server errors: the next tick's judge breaches
      }
      clock.advance(Duration.ofSeconds(2));
      CyclicBarrier barrier = new CyclicBarrier(2);
      Future<?> tick = pool.submit(() -> {
        barrier.await();
        r.controller().tick();
        return null;
      });
      Future<Boolean> promote = pool.submit(() -> {
        barrier.await();
        try {
          r.rollout().promote(GREEN);
          return true;
        } catch (RolloutStateException e) {
          return false;
        }
      });
      tick.get(30, TimeUnit.SECONDS);
      boolean promoted = promote.get(30, TimeUnit.SECONDS);
      RoutingState s = r.state();
      boolean rolledBack = events.stream().anyMatch(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK);
      assertThat(promoted).as("exactly one of promotion and rollback wins").isNotEqualTo(rolledBack);
      if (rolledBack) {
        rollbackWins++;
        assertThat(s.stable()).isEqualTo(BLUE);
        assertThat(s.weightOf(GREEN)).isZero();
        assertThat(s.candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
      } else {
        promotedWins++;
        assertThat(s.stable()).isEqualTo(GREEN);
      }
      r.close();
    }
    pool.shutdown();
    assertThat(promotedWins + rollbackWins).isEqualTo(100);
  }

  /** A store whose writes fail while {@code down} is set, like a full disk or a lost lock. */
  static final class FlakyStore implements RoutingStateStore {
    final RoutingStateStore delegate = RoutingStateStore.inMemory();
    volatile boolean down;

    @Override
    public java.util.Optional<RoutingState> load() {
      return delegate.load();
    }

    @Override
    public boolean compareAndSet(long expectedRevision, RoutingState next) {
      if (down) {
        throw new StoreException("disk full");
      }
      return delegate.compareAndSet(expectedRevision, next);
    }

    @Override
    public String describe() {
      return "flaky store";
    }
  }

  @Test
  void aRollbackThatCannotBeStoredIsRetriedOnEveryTickUntilItIs() {
    ManualClock clock = ManualClock.create();
    FlakyStore store = new FlakyStore();
    Router<String, String> r = Router.<String, String>builder().clock(clock).store(store)
        .slo(SloConfig.custom().minRequestsPerWindow(1).breachingWindows(1).build())
        .judge(TestJudges.hairTrigger())
        .version(new TestPredictor("1.0.0-1", null, 0))
        .version(new TestPredictor("1.1.0-2", null, 0).failEvery(1))
        .stable(BLUE).candidate(GREEN, 10_000).build();
    for (int i = 0; i < 10; i++) {
      r.route("u", "x");
    }
    store.down = true;
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(r.state().weightOf(GREEN)).isEqualTo(10_000); // not stored, so not applied
    clock.advance(Duration.ofMinutes(3)); // the windows that close meanwhile are empty
    r.controller().tick();
    assertThat(r.state().weightOf(GREEN)).isEqualTo(10_000);
    store.down = false;
    clock.advance(Duration.ofSeconds(1));
    r.controller().tick();
    assertThat(r.state().weightOf(GREEN)).isZero();
    RollbackRecord why = r.state().candidate(GREEN).orElseThrow().rollback();
    assertThat(why.rules()).containsExactly(SloRule.SERVER_ERROR_RATE);
    assertThat(why.windows()).anySatisfy(w -> assertThat(w.serverErrors()).isEqualTo(10));
    assertThat(why.detail()).contains("BREACHING").contains("n=10 k=10");
  }

  @Test
  void aStoreNamingAnUnregisteredVersionIsRejectedAtBuildTime() {
    Path f = dir.resolve("foreign.json");
    assertThat(RoutingStateStore.file(f).compareAndSet(0, sample(1))).isTrue(); // names 2.0.0-7
    assertThatThrownBy(() -> Router.<String, String>builder().store(RoutingStateStore.file(f))
        .version(new TestPredictor("1.0.0-1", null, 0)).version(new TestPredictor("1.1.0-2", null, 0))
        .stable(BLUE).build())
        .isInstanceOf(io.intentops.core.ConfigurationException.class)
        .hasMessageContaining("2.0.0-7").hasMessageContaining("foreign.json");
  }
}
