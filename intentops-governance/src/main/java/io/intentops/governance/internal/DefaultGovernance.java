package io.intentops.governance.internal;

import static io.intentops.governance.internal.Checks.checkModel;
import static io.intentops.governance.internal.Checks.subject;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.governance.ApprovalPolicy;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.Approvals;
import io.intentops.governance.BreakGlass;
import io.intentops.governance.BreakGlassApproval;
import io.intentops.governance.BreakGlassPolicy;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.Decision;
import io.intentops.governance.DeployGate;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The registry, approvals and deploy gate over one store, audit log and clock. Thread-safe. */
public final class DefaultGovernance implements Registry, Approvals, DeployGate, BreakGlass {
  // A facade: it authorizes each call, then hands it to the collaborator that owns that job.
  private final GovernanceStore store;
  private final AccessControl access;
  private final RegistryOps registry;
  private final ApprovalOps approvalOps;
  private final BreakGlassOps breakGlass;
  private final GateOps gate;
  private final ReleaseOps releaseOps;

  public DefaultGovernance(GovernanceStore store, AuditLog audit, Clock clock, ApprovalPolicy approvalPolicy) {
    this(store, audit, clock, approvalPolicy, null, BreakGlassPolicy.defaults());
  }

  public DefaultGovernance(GovernanceStore store, AuditLog audit, Clock clock, ApprovalPolicy approvalPolicy,
      @Nullable Authorizer authorizer, BreakGlassPolicy breakGlassPolicy) {
    this.store = store;
    AuditOutbox outbox = new AuditOutbox(store, audit, clock);
    this.access = new AccessControl(authorizer, outbox);
    this.registry = new RegistryOps(store, outbox, clock);
    this.approvalOps = new ApprovalOps(store, outbox, clock, approvalPolicy, access);
    this.breakGlass = new BreakGlassOps(store, outbox, clock, breakGlassPolicy, access);
    this.gate = new GateOps(store, outbox, clock, approvalOps, breakGlass);
    this.releaseOps = new ReleaseOps(store, outbox, clock, registry, approvalOps, breakGlass);
    outbox.drainLeftovers();
  }

  // ---------------------------------------------------------------- access control

  /** Whether an {@link Authorizer} is configured (principal-less calls are then refused). */
  public boolean authorizing() {
    return access.authorizing();
  }

  /** Checks {@code who} against the authorizer (every principal call passes when none is configured). */
  public void guard(Principal who, Permission p, String subject) {
    access.guard(who, p, subject);
  }

  // ---------------------------------------------------------------- registry

  @Override
  public VersionEntry register(String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location, String actor) {
    access.legacy(Permission.REGISTER, subject(model, version), actor);
    return registry.register(model, version, bundleDigest, datasetDigests, location, actor);
  }

  @Override
  public VersionEntry register(Principal who, String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location) {
    access.guard(who, Permission.REGISTER, subject(model, version));
    return registry.register(model, version, bundleDigest, datasetDigests, location, who.id());
  }

  @Override
  public VersionEntry registerBundle(Principal who, Path bundleDir) {
    Path manifestFile = bundleDir.resolve("manifest.json");
    ModelManifest m = ModelManifests.read(manifestFile);
    access.guard(who, Permission.REGISTER, subject(m.name(), m.version()));
    return registry.register(m.name(), m.version(), Checksum.sha256(manifestFile), m.trainingData(),
        bundleDir.toAbsolutePath().normalize().toString(), who.id());
  }

  @Override
  public VersionEntry registerBundle(Path bundleDir, String actor) {
    Path manifestFile = bundleDir.resolve("manifest.json");
    ModelManifest m = ModelManifests.read(manifestFile);
    return register(m.name(), m.version(), Checksum.sha256(manifestFile), m.trainingData(),
        bundleDir.toAbsolutePath().normalize().toString(), actor);
  }

  @Override
  public Checksum attachEvalReport(String model, ModelVersion version, byte[] reportJson, String actor) {
    access.legacy(Permission.ATTACH_EVAL, subject(model, version), actor);
    return registry.attach(model, version, reportJson, actor);
  }

  @Override
  public Checksum attachEvalReport(Principal who, String model, ModelVersion version, byte[] reportJson) {
    access.guard(who, Permission.ATTACH_EVAL, subject(model, version));
    return registry.attach(model, version, reportJson, who.id());
  }

  @Override
  public Optional<JsonNode> evalReport(String model, ModelVersion version) {
    return registry.evalReport(model, version);
  }

  @Override
  public VersionEntry transition(String model, ModelVersion version, Stage to, String actor, String reason) {
    access.legacy(Permission.TRANSITION, subject(model, version), actor);
    return registry.transition(model, version, to, actor, reason);
  }

  @Override
  public VersionEntry transition(Principal who, String model, ModelVersion version, Stage to, String reason) {
    access.guard(who, Permission.TRANSITION, subject(model, version));
    return registry.transition(model, version, to, who.id(), reason);
  }

  @Override
  public ReleaseRecord promote(String model, ModelVersion version, ReleaseRequest request) {
    access.legacy(Permission.PROMOTE, subject(model, version), request.actor());
    return releaseOps.promote(model, version, request);
  }

  @Override
  public ReleaseRecord promote(Principal who, String model, ModelVersion version, ReleaseRequest request) {
    access.guard(who, Permission.PROMOTE, subject(model, version));
    ReleaseOps.sameActor(who, request);
    return releaseOps.promote(model, version, request);
  }

  @Override
  public ReleaseRecord rollback(String model, String actor, String reason) {
    access.legacy(Permission.ROLLBACK, model, actor);
    return releaseOps.rollback(model, actor, reason);
  }

  @Override
  public ReleaseRecord rollback(Principal who, String model, String reason) {
    access.guard(who, Permission.ROLLBACK, model);
    return releaseOps.rollback(model, who.id(), reason);
  }

  @Override
  public ReleaseRecord correct(String model, String releaseId, ReleaseRequest request) {
    access.legacy(Permission.CORRECT, model, request.actor());
    return releaseOps.correct(model, releaseId, request);
  }

  @Override
  public ReleaseRecord correct(Principal who, String model, String releaseId, ReleaseRequest request) {
    access.guard(who, Permission.CORRECT, model);
    ReleaseOps.sameActor(who, request);
    return releaseOps.correct(model, releaseId, request);
  }

  @Override
  public Optional<VersionEntry> version(String model, ModelVersion version) {
    checkModel(model);
    return store.version(model, version);
  }

  @Override
  public List<VersionEntry> versions(String model) {
    checkModel(model);
    return store.versions(model);
  }

  @Override
  public Optional<ModelVersion> resolve(String model, String alias) {
    checkModel(model);
    return Optional.ofNullable(store.aliases(model).get(alias));
  }

  @Override
  public Map<String, ModelVersion> aliases(String model) {
    checkModel(model);
    return store.aliases(model);
  }

  @Override
  public void setAlias(String model, String alias, ModelVersion version, String actor) {
    access.legacy(Permission.SET_ALIAS, subject(model, version), actor);
    registry.setAlias(model, alias, version, actor);
  }

  @Override
  public void setAlias(Principal who, String model, String alias, ModelVersion version) {
    access.guard(who, Permission.SET_ALIAS, subject(model, version));
    registry.setAlias(model, alias, version, who.id());
  }

  @Override
  public List<ReleaseRecord> releases(String model) {
    checkModel(model);
    return store.releases(model);
  }

  // ---------------------------------------------------------------- approvals

  @Override
  public ApprovalRequest request(String model, ModelVersion version, String submitter) {
    access.legacy(Permission.REQUEST_APPROVAL, subject(model, version), submitter);
    return approvalOps.request(model, version, submitter);
  }

  @Override
  public ApprovalRequest request(Principal who, String model, ModelVersion version) {
    access.guard(who, Permission.REQUEST_APPROVAL, subject(model, version));
    return approvalOps.request(model, version, who.id());
  }

  @Override
  public ApprovalRecord decide(String model, ModelVersion version, Decision d) {
    access.legacy(Permission.DECIDE, subject(model, version), d.approver());
    return approvalOps.decide(model, version, d, null);
  }

  @Override
  public ApprovalRecord decide(Principal who, String model, ModelVersion version, Decision d) {
    access.guard(who, Permission.DECIDE, subject(model, version));
    return approvalOps.decideAs(who, model, version, d);
  }

  @Override
  public ApprovalStatus status(String model, ModelVersion version) {
    return approvalOps.status(model, version);
  }

  @Override
  public ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles) {
    return approvalOps.status(model, version, requiredRoles);
  }

  @Override
  public List<ApprovalRecord> decisions(String model, ModelVersion version) {
    return approvalOps.decisions(model, version);
  }

  // ---------------------------------------------------------------- gate

  @Override
  public DeployVerdict check(String model, ModelVersion version, Policy policy, byte[] reportJson, String actor) {
    access.legacy(Permission.GATE_CHECK, subject(model, version), actor);
    return gate.check(model, version, policy, reportJson, actor);
  }

  @Override
  public DeployVerdict check(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson) {
    access.guard(who, Permission.GATE_CHECK, subject(model, version));
    return gate.check(model, version, policy, reportJson, who.id());
  }

  // ---------------------------------------------------------------- break glass

  @Override
  public BreakGlassRequest request(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson,
      String justification) {
    access.guard(who, Permission.REQUEST_OVERRIDE, subject(model, version));
    return breakGlass.request(who, model, version, policy, reportJson, justification);
  }

  @Override
  public BreakGlassApproval approve(Principal who, String model, ModelVersion version, String overrideId, String role,
      String rationale) {
    access.guard(who, Permission.APPROVE_OVERRIDE, subject(model, version));
    return breakGlass.approve(who, model, version, overrideId, role, rationale);
  }

  @Override
  public List<BreakGlassRequest> requests(String model, ModelVersion version) {
    return breakGlass.requests(model, version);
  }

  @Override
  public List<BreakGlassApproval> approvals(String model, ModelVersion version) {
    return breakGlass.approvals(model, version);
  }

  @Override
  public Optional<BreakGlassRequest> active(String model, ModelVersion version) {
    return breakGlass.active(model, version);
  }

  /** Whether {@code dir} holds a bundle manifest (used by callers that accept either form). */
  static boolean isBundle(Path dir) {
    return Files.isRegularFile(dir.resolve("manifest.json"));
  }
}
