package io.intentops.release;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.Role;
import io.intentops.release.internal.DefaultReleaseLoop;
import io.intentops.router.Router;
import io.intentops.router.TrafficGate;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Closes the loop between one model's {@link Router} and its {@link Governance} registry.
 *
 * <p><b>Traffic follows the registry.</b> {@link #trafficGate()} is consulted by the router before any
 * change that gives a version traffic: a CANARY version gets a share only after a passed deploy-gate
 * check of its attached eval report; 100 % of the traffic, promotion, or starting as the stable version
 * needs every approval its policy requires; a PRODUCTION version is served; DEPRECATED and ARCHIVED
 * versions never receive traffic, except that the {@code previous} (N-1) version may become stable
 * again, which is a revert and is recorded as one. A refusal is a {@link ReleaseRefusedException} naming
 * the missing stage, gate check or approval, and the router changes nothing.
 *
 * <p><b>The registry follows the router.</b> With no host code: a rollback of a canary moves its
 * registry stage (to {@link Builder#rolledBackStage}, default CANDIDATE), writes a ROLLBACK release
 * record and release-log entry and an audit entry carrying the verdict; a promotion in the router
 * (operator or a finished step plan) promotes the version in the registry (production alias moves, N-1
 * becomes {@code previous} and stays registered, and the router keeps its predictor loaded); the
 * router making N-1 stable again is recorded as a registry rollback. Every write is derived from the
 * durable routing state, checked against the release records inside a store transaction and therefore
 * idempotent: redelivered events, restarts after a crash between the router's commit and the registry
 * write, and several loop instances (fleet mode) produce one record per decision. A write that fails
 * is retried and listed in {@link #pending()}; it is never dropped silently.
 *
 * <p>Thread-safe. One loop serves one model and one router.
 */
public interface ReleaseLoop extends AutoCloseable {

  /** Actor recorded for the loop's own writes when none is configured. */
  String DEFAULT_ACTOR = "intentops-release";

  /** Stage a rolled-back canary moves to when none is configured. */
  Stage DEFAULT_ROLLED_BACK_STAGE = Stage.CANDIDATE;

  /** A builder. */
  static Builder custom() {
    return new Builder();
  }

  /** The model this loop governs. */
  String model();

  /** The registry-backed gate; give it to {@link Router.Builder#trafficGate} (or use {@link #buildRouter}). */
  TrafficGate trafficGate();

  /**
   * Sets this loop's traffic gate and listener on {@code builder}, builds the router, attaches it and
   * reconciles the registry with the router's (possibly stored) state.
   *
   * @throws ReleaseRefusedException if the registry does not allow a version the router would start with
   */
  <I, O> Router<I, O> buildRouter(Router.Builder<I, O> builder);

  /**
   * Attaches a router that was built with {@link #trafficGate()}: listens to its events and reconciles
   * once. A router built without the gate would serve unapproved versions; that is the caller's error.
   *
   * @throws ConfigurationException if a router is already attached
   */
  void attach(Router<?, ?> router);

  /**
   * Promotes {@code candidate} in the router (gated: approvals) and then in the registry with {@code
   * request} (production alias, PROMOTION record). Returns the PROMOTION record.
   *
   * @throws ReleaseRefusedException if the registry does not allow it; nothing changed
   * @throws io.intentops.core.StoreException if the router promoted but the registry write failed; it
   *     stays in {@link #pending()} and is retried
   */
  ReleaseRecord promote(ModelVersion candidate, ReleaseRequest request);

  /**
   * Returns production to the {@code previous} (N-1) version because of {@code verdict}, e.g. when the
   * new stable version breaches during its bake period: the router makes N-1 stable (unless it already
   * did) and the registry rolls back (N-1 to PRODUCTION, the reverted version to DEPRECATED, ROLLBACK
   * record and audit entry with the verdict in the reason). Idempotent: a second call for the same
   * revert returns the same record.
   *
   * @throws io.intentops.core.PolicyViolationException if the registry has no previous version
   */
  ReleaseRecord revertToPrevious(ReleaseVerdict verdict);

  /**
   * Compares the attached router's state with the registry and makes every write that is owed (see the
   * class comment). Runs on every router event and on attach; call it after a restart or from a
   * schedule. Returns what is still owed (empty when the registry matches the router).
   */
  List<PendingWrite> reconcile();

  /** Writes owed and not yet made (failed attempts), oldest first. */
  List<PendingWrite> pending();

  /** Calls {@link #reconcile()} every {@code period} on {@code scheduler} until the handle or the loop is closed. */
  AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period);

  /** Stops scheduled reconciles and detaches from the router (which keeps its gate). Idempotent. */
  @Override
  void close();

  /** Configures a {@link ReleaseLoop}; validated in {@link #build()}. Not thread-safe. */
  final class Builder {
    private @Nullable Governance governance;
    private @Nullable String model;
    private String actor = DEFAULT_ACTOR;
    private Clock clock = Clock.system();
    private Stage rolledBackStage = DEFAULT_ROLLED_BACK_STAGE;
    private Set<Role> productionRoles = EnumSet.noneOf(Role.class);
    private @Nullable Function<ModelVersion, ReleaseRequest> releaseRequests;
    private @Nullable Policy policy;
    private io.intentops.governance.auth.@Nullable Principal principal;
    private @Nullable String routingSalt = io.intentops.router.RouterConfig.DEFAULT_SALT;

    private Builder() {}

    /**
     * The principal the loop's registry writes are made as (stage moves, promotions, reverts), through
     * the governance's principal-checked forms: required when the governance has an {@code Authorizer}
     * (its principal-less calls are then refused). The principal needs the permissions for those writes
     * (e.g. the predefined release manager role). Its id becomes the actor of the loop's records. Default:
     * none (unauthenticated mode, actor {@link #actor}).
     */
    public Builder principal(io.intentops.governance.auth.Principal principal) {
      this.principal = Objects.requireNonNull(principal, "principal");
      return this;
    }

    /**
     * Records every routing state the attached router commits as a {@code router.state} audit entry with
     * this bucket salt (the router's {@code RouterConfig.salt()}), so {@code ServingHistory} can answer
     * which version served a routing key at a time. Default: on, with {@code RouterConfig.DEFAULT_SALT};
     * null switches the snapshots off.
     */
    public Builder routingSnapshots(@Nullable String routingSalt) {
      this.routingSalt = routingSalt;
      return this;
    }

    /** The governance handle (registry, approvals, store, audit log). Required. */
    public Builder governance(Governance governance) {
      this.governance = Objects.requireNonNull(governance, "governance");
      return this;
    }

    /** The registry model name the router serves. Required. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Who the loop's own writes are recorded as; default {@value #DEFAULT_ACTOR}. */
    public Builder actor(String actor) {
      this.actor = Objects.requireNonNull(actor, "actor");
      return this;
    }

    /** Time source for the loop's records; default {@link Clock#system()}. Use the governance clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where a rolled-back canary goes: CANDIDATE (default; can be canaried again) or ARCHIVED. */
    public Builder rolledBackStage(Stage stage) {
      this.rolledBackStage = Objects.requireNonNull(stage, "stage");
      return this;
    }

    /**
     * Roles that must approve before a version gets production traffic, on top of the governance {@link
     * io.intentops.governance.ApprovalPolicy}; default none.
     */
    public Builder productionRoles(Role... roles) {
      EnumSet<Role> s = EnumSet.noneOf(Role.class);
      Collections.addAll(s, roles);
      this.productionRoles = s;
      return this;
    }

    /**
     * A release policy evaluated against the version's attached eval report before it gets production
     * traffic (100 %, promotion, starting as stable): {@code deny} refuses ({@link
     * ReleaseRefusedException.Requirement#POLICY}), {@code require_approval} adds the rule's approver
     * roles to those required. Default: none (canary traffic already needed a passed deploy gate, which
     * evaluated the CI's policy).
     */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The release request recorded when the router promotes a version by itself (an operator's {@code
     * router.rollout().promote} or a finished step plan). Default: actor {@link #actor}, code commit
     * {@code n/a}, tag the version, reason naming the router. {@link ReleaseLoop#promote} uses its own.
     */
    public Builder releaseRequests(Function<ModelVersion, ReleaseRequest> requests) {
      this.releaseRequests = Objects.requireNonNull(requests, "requests");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws ConfigurationException for a missing governance handle or model, an invalid model name, a
     *     blank actor, or a rolled-back stage other than CANDIDATE or ARCHIVED
     */
    public ReleaseLoop build() {
      if (governance == null) {
        throw new ConfigurationException("ReleaseLoop.custom(): governance(...) is required");
      }
      if (model == null) {
        throw new ConfigurationException("ReleaseLoop.custom(): model(...) is required");
      }
      if (actor.isBlank()) {
        throw new ConfigurationException("ReleaseLoop.custom(): actor must not be blank");
      }
      if (rolledBackStage != Stage.CANDIDATE && rolledBackStage != Stage.ARCHIVED) {
        throw new ConfigurationException("ReleaseLoop.custom(): a rolled-back canary can move to CANDIDATE or ARCHIVED"
            + " (legal from CANARY), not " + rolledBackStage);
      }
      try {
        governance.registry().versions(model); // validates the name
      } catch (InvalidInputException e) {
        throw new ConfigurationException("ReleaseLoop.custom(): " + e.getMessage());
      }
      String a = principal != null ? principal.id() : actor;
      Function<ModelVersion, ReleaseRequest> req = releaseRequests != null ? releaseRequests
          : v -> ReleaseRequest.builder().actor(a).codeCommit("n/a").tag(v.toString())
              .reason("promoted by the router").build();
      return new DefaultReleaseLoop(governance, model, actor, principal, routingSalt, clock, rolledBackStage,
          productionRoles, policy, req);
    }
  }
}
