package io.intentops.governance;

import io.intentops.core.ModelVersion;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Policy;

/**
 * What CI calls before a deploy: passes only if the version is approved and the policy does not deny
 * it for this eval report. Margin conditions ({@code beats_production_by}) compare against the eval
 * report attached to the version now in production. Every check is recorded in the audit log.
 * Thread-safe. The {@code String actor} form is the unauthenticated, embedded/dev mode (see
 * {@link Registry}).
 */
public interface DeployGate {

  /**
   * Checks a version.
   *
   * @param reportJson the eval report bytes (must be the report attached to the version)
   * @param actor who runs the gate (e.g. the CI job)
   */
  DeployVerdict check(String model, ModelVersion version, Policy policy, byte[] reportJson, String actor);

  /** {@link #check(String, ModelVersion, Policy, byte[], String)} as {@code who} (permission GATE_CHECK). */
  DeployVerdict check(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson);
}
