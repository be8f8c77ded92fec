package io.intentops.eval.gate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The machine-readable result of a gate: {@code passed} is false when any check failed. Immutable.
 *
 * @param passed whether the candidate may ship
 * @param checks every check, in a fixed order
 * @param config the thresholds used
 */
public record GateVerdict(boolean passed, List<GateCheck> checks, GateConfig config) {
  /** Exit code of the {@code gate} command when the gate blocks. */
  public static final int EXIT_BLOCKED = 1;

  public GateVerdict {
    checks = List.copyOf(checks);
  }

  /** 0 when passed, {@link #EXIT_BLOCKED} otherwise. */
  @JsonIgnore
  public int exitCode() {
    return passed ? 0 : EXIT_BLOCKED;
  }

  /** The failed checks. */
  @JsonIgnore
  public List<GateCheck> failures() {
    return checks.stream().filter(c -> c.status() == GateCheck.Status.FAIL).toList();
  }
}
