package io.intentops.eval.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One check of a gate verdict.
 *
 * @param name stable check id, e.g. {@code intent.accuracy}
 * @param status pass, fail or skipped
 * @param candidate the candidate's value, when there is one
 * @param baseline the baseline's value, when compared with one
 * @param limit the value the candidate had to reach (or not exceed, for gaps)
 * @param message one human-readable sentence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateCheck(
    String name, Status status, @Nullable Double candidate, @Nullable Double baseline, @Nullable Double limit, String message) {

  /** Outcome of one check; {@code SKIPPED} never blocks (the data for the check is absent on both sides). */
  public enum Status {
    PASS,
    FAIL,
    SKIPPED
  }
}
