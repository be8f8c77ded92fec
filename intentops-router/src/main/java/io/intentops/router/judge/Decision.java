package io.intentops.router.judge;

import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The judge's verdict on one candidate at one evaluation, with every rule's statistic. BREACHING when
 * any rule breaches, HEALTHY when every rule is healthy, INCONCLUSIVE otherwise. Immutable.
 *
 * @param version the candidate judged
 * @param at when the evaluation ran
 * @param verdict the overall verdict
 * @param rules each rule's verdict, in configuration order
 * @param candidateRequests candidate requests since the judge started watching
 * @param stableRequests stable requests behind the relative rules' reference
 */
public record Decision(
    ModelVersion version, Instant at, Verdict verdict, List<RuleVerdict> rules, long candidateRequests,
    long stableRequests) {

  public Decision {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(verdict, "verdict");
    rules = List.copyOf(rules);
  }

  /** The first breaching rule, if any: the reason for a rollback. */
  public Optional<RuleVerdict> breaching() {
    return rules.stream().filter(r -> r.verdict() == Verdict.BREACHING).findFirst();
  }

  /** One line: verdict, counts, and the breaching rules (or all rules when none breaches). */
  public String summary() {
    List<RuleVerdict> shown = rules.stream().filter(r -> r.verdict() == Verdict.BREACHING).toList();
    return version + " " + verdict + " at " + at + " (candidate n=" + candidateRequests + ", stable n=" + stableRequests
        + "): " + (shown.isEmpty() ? rules : shown).stream().map(RuleVerdict::toString)
            .collect(Collectors.joining("; "));
  }

  @Override
  public String toString() {
    return summary();
  }
}
