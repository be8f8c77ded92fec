package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.router.CandidateState;
import io.intentops.router.CandidateState.Phase;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutPlan;
import io.intentops.router.RolloutStateException;
import io.intentops.router.RouterEvent.Kind;
import io.intentops.router.RoutingState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Pure state transitions. Each takes the freshest stored state and returns the change or {@code null}
 * for "nothing to do"; the caller commits it with compare-and-set and retries on conflict, so every
 * decision is re-made against the state it will replace. The returned state carries the old
 * revision; the committer sets the new one.
 */
final class Transitions {
  private Transitions() {}

  /** A computed change. */
  record Change(RoutingState next, Kind kind, ModelVersion version, @Nullable RollbackRecord rollback) {}

  static @Nullable Change startRollout(RoutingState s, ModelVersion v, RolloutPlan plan, Instant now) {
    requireNotStable(s, v, "start a rollout for");
    Optional<CandidateState> existing = s.candidate(v);
    if (existing.isPresent() && existing.get().phase().isActive()) {
      throw new RolloutStateException("Candidate " + v + " is already " + existing.get().phase()
          + " at " + existing.get().weightBps() + " bps; abort it before starting a new rollout");
    }
    int w = Math.min(plan.steps().get(0).weightBps(), available(s, v));
    return new Change(put(s, new CandidateState(v, w, Phase.RAMPING, plan, 0, now.toEpochMilli(), null), now),
        Kind.ROLLOUT_STARTED, v, null);
  }

  static @Nullable Change setWeight(RoutingState s, ModelVersion v, int weightBps, Instant now) {
    requireNotStable(s, v, "set a weight for (its weight is what the candidates leave)");
    if (weightBps < 0 || weightBps > RoutingState.TOTAL_BPS) {
      throw new RolloutStateException("Weight for " + v + " must be in [0, 10000] bps, got " + weightBps);
    }
    Optional<CandidateState> existing = s.candidate(v);
    if (existing.isPresent() && !existing.get().phase().isActive()) {
      throw new RolloutStateException("Candidate " + v + " is " + existing.get().phase()
          + "; start a new rollout to give it traffic again");
    }
    int available = available(s, v);
    if (weightBps > available) {
      throw new RolloutStateException("Weight " + weightBps + " bps for " + v + " exceeds the " + available
          + " bps the other candidates leave");
    }
    if (existing.isPresent() && existing.get().phase() == Phase.FIXED && existing.get().weightBps() == weightBps) {
      return null;
    }
    return new Change(put(s, new CandidateState(v, weightBps, Phase.FIXED, null, 0, now.toEpochMilli(), null), now),
        Kind.WEIGHT_CHANGED, v, null);
  }

  static @Nullable Change promote(RoutingState s, ModelVersion v, Instant now) {
    CandidateState c = requireActive(s, v, "promote");
    List<CandidateState> rest = new ArrayList<>(s.candidates());
    rest.remove(c);
    return new Change(new RoutingState(s.revision(), v, rest, s.overrides(), now), Kind.PROMOTED, v, null);
  }

  static @Nullable Change pause(RoutingState s, ModelVersion v, Instant now) {
    CandidateState c = requireActive(s, v, "pause");
    if (c.phase() == Phase.PAUSED) {
      return null;
    }
    return new Change(put(s, with(c, c.weightBps(), Phase.PAUSED, c.step(), c.stepStartedAtMillis(), null), now),
        Kind.PAUSED, v, null);
  }

  static @Nullable Change resume(RoutingState s, ModelVersion v, Instant now) {
    CandidateState c = requireActive(s, v, "resume");
    if (c.phase() != Phase.PAUSED) {
      return null;
    }
    Phase to = c.plan() == null ? Phase.FIXED : Phase.RAMPING;
    return new Change(put(s, with(c, c.weightBps(), to, c.step(), now.toEpochMilli(), null), now), Kind.RESUMED, v, null);
  }

  static @Nullable Change abort(RoutingState s, ModelVersion v, RollbackRecord why, Instant now) {
    CandidateState c = s.candidate(v).orElseThrow(() -> new RolloutStateException(
        "Cannot abort " + v + ": it is not a candidate (stable is " + s.stable() + ")"));
    if (!c.phase().isActive()) {
      return null;
    }
    return new Change(put(s, with(c, 0, Phase.ABORTED, c.step(), c.stepStartedAtMillis(), why), now), Kind.ABORTED, v, why);
  }

  /** The SLO alarm's rollback: a no-op unless {@code v} is still an active candidate. */
  static @Nullable Change rollback(RoutingState s, ModelVersion v, RollbackRecord why, Instant now) {
    Optional<CandidateState> c = s.candidate(v);
    if (c.isEmpty() || !c.get().phase().isActive()) {
      return null;
    }
    CandidateState cs = c.get();
    return new Change(put(s, with(cs, 0, Phase.ROLLED_BACK, cs.step(), cs.stepStartedAtMillis(), why), now),
        Kind.ROLLED_BACK, v, why);
  }

  /**
   * The bake-period revert: {@code baking} stops being stable and {@code previous} takes over; a no-op unless
   * {@code baking} is still the stable version. {@code baking} stays as a REVERTED candidate at weight 0.
   */
  static @Nullable Change revert(RoutingState s, ModelVersion baking, ModelVersion previous, RollbackRecord why,
      Instant now) {
    if (!s.stable().equals(baking) || previous.equals(baking)) {
      return null;
    }
    List<CandidateState> list = new ArrayList<>();
    for (CandidateState c : s.candidates()) {
      if (!c.version().equals(previous)) {
        list.add(c);
      }
    }
    list.add(new CandidateState(baking, 0, Phase.REVERTED, null, 0, now.toEpochMilli(), why));
    return new Change(new RoutingState(s.revision(), previous, list, s.overrides(), now), Kind.REVERTED, baking, why);
  }

  /** Leaves plan step {@code fromStep}; a no-op unless the candidate is still RAMPING in that step. */
  static @Nullable Change advance(RoutingState s, ModelVersion v, int fromStep, Instant now) {
    Optional<CandidateState> c = s.candidate(v);
    if (c.isEmpty() || c.get().phase() != Phase.RAMPING || c.get().step() != fromStep || c.get().plan() == null) {
      return null;
    }
    CandidateState cs = c.get();
    RolloutPlan plan = cs.plan();
    if (fromStep + 1 >= plan.steps().size()) {
      return promote(s, v, now);
    }
    int w = Math.min(plan.steps().get(fromStep + 1).weightBps(), available(s, v));
    return new Change(put(s, with(cs, w, Phase.RAMPING, fromStep + 1, now.toEpochMilli(), null), now),
        Kind.STEP_ADVANCED, v, null);
  }

  static @Nullable Change override(RoutingState s, String segment, @Nullable ModelVersion v, Instant now) {
    Map<String, ModelVersion> o = new HashMap<>(s.overrides());
    ModelVersion before = v == null ? o.remove(segment) : o.put(segment, v);
    if (v == null ? before == null : v.equals(before)) {
      return null;
    }
    ModelVersion subject = v != null ? v : before;
    return new Change(new RoutingState(s.revision(), s.stable(), s.candidates(), o, now), Kind.OVERRIDE_CHANGED,
        subject, null);
  }

  private static CandidateState with(
      CandidateState c, int weight, Phase phase, int step, long stepStart, @Nullable RollbackRecord why) {
    return new CandidateState(c.version(), weight, phase, c.plan(), step, stepStart, why);
  }

  private static RoutingState put(RoutingState s, CandidateState c, Instant now) {
    List<CandidateState> list = new ArrayList<>(s.candidates());
    boolean replaced = false;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).version().equals(c.version())) {
        list.set(i, c);
        replaced = true;
      }
    }
    if (!replaced) {
      list.add(c);
    }
    return new RoutingState(s.revision(), s.stable(), list, s.overrides(), now);
  }

  private static int available(RoutingState s, ModelVersion v) {
    int others = 0;
    for (CandidateState c : s.candidates()) {
      if (!c.version().equals(v)) {
        others += c.weightBps();
      }
    }
    return RoutingState.TOTAL_BPS - others;
  }

  private static void requireNotStable(RoutingState s, ModelVersion v, String what) {
    if (v.equals(s.stable())) {
      throw new RolloutStateException("Cannot " + what + " " + v + ": it is the stable version");
    }
  }

  private static CandidateState requireActive(RoutingState s, ModelVersion v, String what) {
    CandidateState c = s.candidate(v).orElseThrow(() -> new RolloutStateException(
        "Cannot " + what + " " + v + ": it is not a candidate (stable is " + s.stable() + ")"));
    if (!c.phase().isActive()) {
      throw new RolloutStateException("Cannot " + what + " " + v + ": it was " + c.phase()
          + (c.rollback() == null ? "" : " (" + c.rollback().detail() + ")"));
    }
    return c;
  }
}
