package io.intentops.postgres.internal;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.postgres.FleetEvaluation;
import io.intentops.postgres.FleetStateStore;
import io.intentops.postgres.PostgresFleet;
import io.intentops.router.CandidateState;
import io.intentops.router.FleetSlo;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutPlan;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's job: merge every instance's counters of each closed window, judge the merged window
 * with the router's rules ({@link FleetSlo}), feed the router's alarm, and commit a rollback (or a
 * plan step) with compare-and-set on the shared store.
 *
 * <p>Why replay on takeover: alarms live in the leader's memory, so a new leader rebuilds them by
 * judging, in order, every retained window since the candidate's current step began. A rollback the
 * old leader had decided but not committed is therefore decided again (not lost); one it had committed
 * is a no-op for the transition (not duplicated). Not thread-safe; {@link PostgresFleet} serialises calls.
 */
public final class FleetEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(FleetEvaluator.class);
  private static final int MAX_CAS_ATTEMPTS = 100;

  private final DataSource dataSource;
  private final FleetStateStore store;
  private final AdvisoryLeader leader;
  private final FleetSlo rules;
  private final SloConfig slo;
  private final Clock clock;
  private final String deployment;
  private final long windowSeconds;
  private final long graceMillis;
  private final int retainedWindows;
  private final PostgresFleet.CommitObserver observer;
  private final List<RouterListener> listeners;
  private final Map<ModelVersion, Watch> watches = new HashMap<>();
  private long leaderTerm = -1;

  /** A computed change and, for a rollback, its reason. */
  private record Next(RoutingState state, @Nullable RollbackRecord why) {}

  /** Alarm state of one active candidate, rebuilt from the table on takeover. */
  private static final class Watch {
    final FleetSlo.Alarm alarm;
    long nextStart; // epoch second of the next window to judge
    @Nullable List<WindowSnapshot> fired;

    Watch(FleetSlo.Alarm alarm, long nextStart) {
      this.alarm = alarm;
      this.nextStart = nextStart;
    }
  }

  public FleetEvaluator(DataSource dataSource, FleetStateStore store, AdvisoryLeader leader, FleetSlo rules, Clock clock,
      String deployment, long graceMillis, int retainedWindows, PostgresFleet.CommitObserver observer,
      List<RouterListener> listeners) {
    this.dataSource = dataSource;
    this.store = store;
    this.leader = leader;
    this.rules = rules;
    this.slo = rules.slo();
    this.clock = clock;
    this.deployment = deployment;
    this.windowSeconds = slo.windowLength().getSeconds();
    this.graceMillis = graceMillis;
    this.retainedWindows = retainedWindows;
    this.observer = observer;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Takes or confirms leadership and, as leader, judges every window that has closed.
   *
   * @throws StoreException when the database fails mid-evaluation (nothing half-committed; retry later)
   */
  public FleetEvaluation evaluate() {
    if (!leader.tryLead()) {
      watches.clear();
      return FleetEvaluation.follower();
    }
    if (leader.terms() != leaderTerm) {
      watches.clear(); // a new term rebuilds every alarm from the table
      leaderTerm = leader.terms();
    }
    long nowMillis = clock.millis();
    RoutingState state = store.load().orElse(null);
    if (state == null) {
      return new FleetEvaluation(true, List.of(), List.of(), List.of());
    }
    List<WindowSnapshot> judged = new ArrayList<>();
    List<ModelVersion> rolledBack = new ArrayList<>();
    // Last window [s, s + W) whose end + evaluation delay + grace has passed.
    long closedBefore = Math.floorDiv(nowMillis - slo.evaluationDelay().toMillis() - graceMillis, 1000L);
    long lastStart = Math.floorDiv(closedBefore, windowSeconds) * windowSeconds - windowSeconds;
    long oldestRetained = Math.floorDiv(nowMillis / 1000 - (long) retainedWindows * windowSeconds, windowSeconds)
        * windowSeconds;
    watches.keySet().removeIf(v -> state.candidate(v).map(c -> !c.phase().isActive()).orElse(true));
    for (CandidateState c : state.candidates()) {
      if (!c.phase().isActive()) {
        continue;
      }
      ModelVersion v = c.version();
      Watch w = watches.computeIfAbsent(v, k -> new Watch(rules.alarm(),
          Math.max(firstWindowAtOrAfter(c.stepStartedAtMillis()), oldestRetained)));
      if (w.nextStart <= lastStart) {
        for (WindowSnapshot s : merged(v, w.nextStart, lastStart)) {
          judged.add(s);
          if (w.fired == null) {
            w.fired = w.alarm.accept(s);
          } else {
            w.alarm.observe(s);
          }
        }
        w.nextStart = lastStart + windowSeconds;
      }
      if (w.fired != null && rollBack(v, w.fired)) {
        rolledBack.add(v);
      }
      if (w.fired != null) {
        watches.remove(v); // committed by us or someone else: the candidate is no longer active
      }
    }
    List<ModelVersion> advanced = advancePlans(state, nowMillis);
    cleanUp(oldestRetained - (long) retainedWindows * windowSeconds);
    return new FleetEvaluation(true, judged, rolledBack, advanced);
  }

  private long firstWindowAtOrAfter(long millis) {
    long second = Math.floorDiv(millis + 999, 1000L);
    return Math.floorDiv(second + windowSeconds - 1, windowSeconds) * windowSeconds;
  }

  /** Every instance's rows of windows {@code from..to} (inclusive starts), summed per window. */
  private List<WindowSnapshot> merged(ModelVersion v, long from, long to) {
    int bins = rules.histogramBins();
    TreeMap<Long, long[]> sums = new TreeMap<>(); // [requests, server, client, hist...]
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT window_start, requests, server_errors, client_errors,"
            + " latency_histogram, instance_id FROM intentops_slo_counters WHERE deployment = ? AND version = ?"
            + " AND window_seconds = ? AND window_start BETWEEN ? AND ? ORDER BY window_start")) {
      ps.setString(1, deployment);
      ps.setString(2, v.toString());
      ps.setInt(3, (int) windowSeconds);
      ps.setLong(4, from);
      ps.setLong(5, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array arr = rs.getArray(5);
          Long[] hist = (Long[]) arr.getArray();
          if (hist.length != bins) {
            LOG.error("Deployment '{}': instance '{}' published {} latency bins for {} at {}, this leader expects {}"
                + " (different SloConfig.latencyBoundaries?); its row is ignored", deployment, rs.getString(6),
                hist.length, v, rs.getLong(1), bins);
            continue;
          }
          long[] sum = sums.computeIfAbsent(rs.getLong(1), k -> new long[3 + bins]);
          sum[0] += rs.getLong(2);
          sum[1] += rs.getLong(3);
          sum[2] += rs.getLong(4);
          for (int i = 0; i < bins; i++) {
            sum[3 + i] += hist[i] == null ? 0 : hist[i];
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read SLO counters of deployment '" + deployment + "': " + Jdbc.why(e), e);
    }
    List<WindowSnapshot> out = new ArrayList<>(sums.size());
    for (Map.Entry<Long, long[]> e : sums.entrySet()) {
      long[] s = e.getValue();
      long[] hist = new long[bins];
      System.arraycopy(s, 3, hist, 0, bins);
      out.add(rules.judge(v, Instant.ofEpochSecond(e.getKey()), s[0], s[1], s[2], hist));
    }
    return out;
  }

  /** Commits the rollback; false when it was already done (by a previous leader or a local router). */
  private boolean rollBack(ModelVersion v, List<WindowSnapshot> fired) {
    Set<SloRule> broken = EnumSet.noneOf(SloRule.class);
    fired.forEach(w -> broken.addAll(w.breaches()));
    WindowSnapshot last = fired.get(fired.size() - 1);
    String detail = "Fleet SLO alarm for " + v + ": " + fired.size() + " breaching fleet windows of "
        + windowSeconds + " s (" + broken + "); last window " + last.start() + ": n=" + last.requests()
        + ", server errors=" + last.serverErrors() + " (" + String.format(Locale.ROOT, "%.3f", 100 * last.serverErrorRate())
        + " %, max " + 100 * slo.maxServerErrorRate() + " %), p95="
        + (last.p95Micros() == Long.MAX_VALUE ? "above the largest bucket" : (last.p95Micros() / 1000.0) + " ms")
        + " (max " + slo.maxP95Latency().toMillis() + " ms)";
    return commit(v, RouterEvent.Kind.ROLLED_BACK, cur -> {
      Instant at = clock.instant();
      RollbackRecord why = new RollbackRecord(broken, fired, detail, at);
      return FleetSlo.rollback(cur, v, why, at).map(n -> new Next(n, why));
    });
  }

  private List<ModelVersion> advancePlans(RoutingState state, long nowMillis) {
    List<ModelVersion> out = new ArrayList<>();
    for (CandidateState c : state.candidates()) {
      RolloutPlan plan = c.plan();
      Watch w = watches.get(c.version());
      if (c.phase() != CandidateState.Phase.RAMPING || plan == null || w == null || w.fired != null) {
        continue;
      }
      boolean held = nowMillis - c.stepStartedAtMillis() >= plan.steps().get(c.step()).hold().toMillis();
      boolean healthy = !w.alarm.breachOpen() && w.alarm.healthyWindowsSince(
          Instant.ofEpochMilli(c.stepStartedAtMillis())) >= plan.minHealthyWindowsPerStep();
      if (held && healthy) {
        int step = c.step();
        RouterEvent.Kind kind = step + 1 >= plan.steps().size() ? RouterEvent.Kind.PROMOTED : RouterEvent.Kind.STEP_ADVANCED;
        if (commit(c.version(), kind, cur -> FleetSlo.advance(cur, c.version(), step, clock.instant())
            .map(n -> new Next(n, null)))) {
          out.add(c.version());
        }
      }
    }
    return out;
  }

  /** CAS loop: recompute from the freshest state until it commits or becomes a no-op. */
  private boolean commit(ModelVersion v, RouterEvent.Kind kind, Function<RoutingState, Optional<Next>> change) {
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      RoutingState cur = store.load().orElseThrow(() -> new StoreException(store.describe() + " is empty"));
      Optional<Next> next = change.apply(cur);
      if (next.isEmpty()) {
        return false;
      }
      RoutingState n = next.get().state();
      RollbackRecord why = next.get().why();
      observer.beforeCommit(kind, v, n);
      if (store.compareAndSet(cur.revision(), n)) {
        observer.afterCommit(kind, v, n);
        LOG.info("Deployment '{}': fleet leader committed {} of {} at revision {}", deployment, kind, v, n.revision());
        RouterEvent event = new RouterEvent(kind, v, cur, n, why, n.updatedAt());
        for (RouterListener l : listeners) {
          try {
            l.onEvent(event);
          } catch (RuntimeException e) {
            LOG.warn("Fleet listener {} threw; ignored", l, e);
          }
        }
        return true;
      }
    }
    throw new StoreException("Gave up after " + MAX_CAS_ATTEMPTS + " compare-and-set conflicts on " + store.describe());
  }

  private void cleanUp(long before) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "DELETE FROM intentops_slo_counters WHERE deployment = ? AND window_start < ?")) {
      ps.setString(1, deployment);
      ps.setLong(2, before);
      ps.executeUpdate();
    } catch (SQLException e) {
      LOG.debug("Cannot clean old SLO counters of '{}': {}", deployment, Jdbc.why(e));
    }
  }

  /** Versions with an alarm in memory (for tests and diagnostics). */
  public Map<ModelVersion, Integer> watchedSince() {
    Map<ModelVersion, Integer> out = new LinkedHashMap<>();
    watches.forEach((v, w) -> out.put(v, (int) w.nextStart));
    return out;
  }
}
