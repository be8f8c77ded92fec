package io.intentops.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Principal;

/**
 * Model registry and lifecycle. Versions move through {@link Stage}s (illegal moves throw
 * {@link io.intentops.core.PolicyViolationException} naming from and to); every move is recorded in
 * the version's history and the audit log. Promotion to production needs the approvals of the
 * configured {@link ApprovalPolicy}, writes an immutable {@link ReleaseRecord}, moves the
 * {@code production} alias and keeps the replaced version as {@code previous} (protected from
 * archiving) for {@link #rollback}. Thread-safe; all mutations run in a store transaction, so two
 * processes sharing a store never interleave.
 *
 * <p>Every mutating call has two forms. The {@link Principal} form is checked by the configured
 * {@link io.intentops.governance.auth.Authorizer} (refused calls throw {@link AccessDeniedException} and
 * are audited as {@code auth.denied}) and records the principal's id as the actor. The older
 * {@code String actor} form is the unauthenticated, embedded/dev mode: it works as before when no
 * authorizer is configured and is refused (and audited) when one is.
 */
public interface Registry {
  /** Alias of the version in production. */
  String PRODUCTION = "production";
  /** Alias of the version that was in production before it (N-1), kept for rollback. */
  String PREVIOUS = "previous";

  /**
   * Registers a version in {@link Stage#EXPERIMENT}.
   *
   * @param bundleDigest digest of the bundle manifest
   * @param datasetDigests training dataset digests
   * @param location bundle path or URL
   * @throws io.intentops.core.PolicyViolationException if the version is already registered
   */
  VersionEntry register(String model, ModelVersion version, Checksum bundleDigest, Map<String, Checksum> datasetDigests,
      String location, String actor);

  /**
   * Registers the bundle in {@code bundleDir}: reads {@code manifest.json} with core's
   * {@code ModelManifests}; the bundle digest is the manifest file's SHA-256.
   */
  VersionEntry registerBundle(Path bundleDir, String actor);

  /**
   * Stores an eval report (JSON) and attaches its digest to the version. Refused once approval has been
   * requested (the evidence approvers saw is frozen).
   */
  Checksum attachEvalReport(String model, ModelVersion version, byte[] reportJson, String actor);

  /** The version's attached eval report, if any. */
  Optional<JsonNode> evalReport(String model, ModelVersion version);

  /**
   * Moves a version to {@code to}. Production changes go through {@link #promote} and
   * {@link #rollback} only; archiving the {@code production} or {@code previous} version is refused.
   */
  VersionEntry transition(String model, ModelVersion version, Stage to, String actor, String reason);

  /** Promotes a {@link Stage#CANARY} version to production (see the class comment). */
  ReleaseRecord promote(String model, ModelVersion version, ReleaseRequest request);

  /** Puts the {@code previous} version back in production and deprecates the current one. */
  ReleaseRecord rollback(String model, String actor, String reason);

  /** Writes a {@link ReleaseKind#CORRECTION} record for release {@code releaseId}; the original stays. */
  ReleaseRecord correct(String model, String releaseId, ReleaseRequest request);

  /** A version's entry, if registered. */
  Optional<VersionEntry> version(String model, ModelVersion version);

  /** All versions of a model, oldest first. */
  List<VersionEntry> versions(String model);

  /** The version an alias points to. */
  Optional<ModelVersion> resolve(String model, String alias);

  /** All aliases of a model. */
  Map<String, ModelVersion> aliases(String model);

  /** Points a custom alias (not {@code production}/{@code previous}) at a version. */
  void setAlias(String model, String alias, ModelVersion version, String actor);

  /** The model's release records, oldest first. */
  List<ReleaseRecord> releases(String model);

  // ------------------------------------------------ principal forms (checked by the Authorizer)

  /** {@link #register(String, ModelVersion, Checksum, Map, String, String)} as {@code who} (permission REGISTER). */
  VersionEntry register(Principal who, String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location);

  /** {@link #registerBundle(Path, String)} as {@code who} (permission REGISTER). */
  VersionEntry registerBundle(Principal who, Path bundleDir);

  /** {@link #attachEvalReport(String, ModelVersion, byte[], String)} as {@code who} (permission ATTACH_EVAL). */
  Checksum attachEvalReport(Principal who, String model, ModelVersion version, byte[] reportJson);

  /** {@link #transition(String, ModelVersion, Stage, String, String)} as {@code who} (permission TRANSITION). */
  VersionEntry transition(Principal who, String model, ModelVersion version, Stage to, String reason);

  /**
   * {@link #promote(String, ModelVersion, ReleaseRequest)} as {@code who} (permission PROMOTE); the
   * request's actor must be {@code who}'s id.
   */
  ReleaseRecord promote(Principal who, String model, ModelVersion version, ReleaseRequest request);

  /** {@link #rollback(String, String, String)} as {@code who} (permission ROLLBACK). */
  ReleaseRecord rollback(Principal who, String model, String reason);

  /** {@link #correct(String, String, ReleaseRequest)} as {@code who} (permission CORRECT). */
  ReleaseRecord correct(Principal who, String model, String releaseId, ReleaseRequest request);

  /** {@link #setAlias(String, String, ModelVersion, String)} as {@code who} (permission SET_ALIAS). */
  void setAlias(Principal who, String model, String alias, ModelVersion version);
}
