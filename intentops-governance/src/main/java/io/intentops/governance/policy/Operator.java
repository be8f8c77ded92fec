package io.intentops.governance.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Comparison operators a policy condition may use, by their JSON symbol. */
public enum Operator {
  /** Numeric {@code actual >= operand}. */
  GE(">="),
  /** Numeric {@code actual > operand}. */
  GT(">"),
  /** Numeric {@code actual <= operand}. */
  LE("<="),
  /** Numeric {@code actual < operand}. */
  LT("<"),
  /** Equal (numbers numerically, other values structurally). */
  EQ("=="),
  /** Not equal; a missing value is not "not equal" (it fails). */
  NE("!="),
  /** {@code actual} is one of the operand array's values. */
  IN("in"),
  /** Operand {@code true}: the value is present and not null; {@code false}: absent or null. */
  EXISTS("exists"),
  /**
   * Positive margin over production: {@code actual - production >= operand}, where production is the
   * same metric in the eval report of the version now in production. Fails when there is no
   * production report or the metric is missing from either.
   */
  BEATS_PRODUCTION_BY("beats_production_by"),
  /**
   * Positive margin below production, for lower-is-better metrics (ECE, latency):
   * {@code production - actual >= operand}. Fails like {@link #BEATS_PRODUCTION_BY}.
   */
  BELOW_PRODUCTION_BY("below_production_by");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The JSON symbol, e.g. {@code >=}. */
  public String symbol() {
    return symbol;
  }

  /** Whether the operator compares numbers only. */
  public boolean numeric() {
    return this == GE || this == GT || this == LE || this == LT || relative();
  }

  /** Whether the operator compares against the production version's report (a margin). */
  public boolean relative() {
    return this == BEATS_PRODUCTION_BY || this == BELOW_PRODUCTION_BY;
  }

  /** The operator with this symbol, if any. */
  public static Optional<Operator> bySymbol(String s) {
    return Arrays.stream(values()).filter(o -> o.symbol.equals(s)).findFirst();
  }

  /** All symbols, for messages. */
  public static String symbols() {
    return Arrays.stream(values()).map(Operator::symbol).collect(Collectors.joining(", "));
  }
}
