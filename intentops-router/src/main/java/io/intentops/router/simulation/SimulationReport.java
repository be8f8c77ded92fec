package io.intentops.router.simulation;

import io.intentops.router.judge.JudgeConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The issue-14 table: for each request rate, each degradation scenario over several seeds (detection
 * time after the scenario starts: median and worst), and healthy candidates over many candidate-days
 * (days with a false rollback). Deterministic: seeds are {@code seed, seed + 1, ...}. Run it with
 * {@code intentops simulate} (the CLI prints {@link #print}), or from code: {@code
 * SimulationReport.print(SimulationReport.run(JudgeConfig.ofDefaults(), DEFAULT_RATES, 20, 100, 2025), out)}.
 * Stateless and thread-safe.
 */
public final class SimulationReport {
  /** The rates: the release acceptance load, a small and a busy service. */
  public static final List<Double> DEFAULT_RATES = List.of(2.0, 20.0, 200.0);
  public static final int DEFAULT_SEEDS = 20;
  public static final int DEFAULT_DAYS = 100;
  /** Degradations are followed this long at most (the measurement ran two hours). */
  public static final Duration DEFAULT_MAX_DETECTION = Duration.ofHours(2);

  private SimulationReport() {}

  /**
   * Detection of one scenario at one rate.
   *
   * @param rate requests per second
   * @param scenario the degradation
   * @param target the target detection time
   * @param seeds runs
   * @param detected runs rolled back after the scenario started
   * @param falseBeforeStart runs rolled back during the healthy lead-in
   * @param median median detection time over detected runs (null if none)
   * @param worst slowest detection (null if none), or null when some run was never detected
   */
  public record Detection(double rate, Scenario scenario, Duration target, int seeds, int detected, int falseBeforeStart,
      @Nullable Duration median, @Nullable Duration worst) {
    /** Whether every run was detected within the target. */
    public boolean meetsTarget() {
      return detected == seeds && worst != null && worst.compareTo(target) <= 0;
    }
  }

  /**
   * False rollbacks of healthy candidates at one rate.
   *
   * @param rate requests per second
   * @param days candidate-days simulated
   * @param falseRollbackDays days on which the healthy candidate was rolled back
   */
  public record FalseRollbacks(double rate, int days, long falseRollbackDays) {
    /** The target: at most one per 100 candidate-days. */
    public boolean meetsTarget() {
      return falseRollbackDays * 100 <= days;
    }
  }

  /**
   * The whole table; {@code atErrorLimit} counts {@link Scenario#AT_ERROR_LIMIT} days rolled back, to compare with
   * {@code falseRollbacksPerDay} (the judge configuration's bound) times the days.
   */
  public record Result(List<Detection> detections, List<FalseRollbacks> falseRollbacks,
      List<FalseRollbacks> atErrorLimit, double falseRollbacksPerDay) {
    public Result {
      detections = List.copyOf(detections);
      falseRollbacks = List.copyOf(falseRollbacks);
      atErrorLimit = List.copyOf(atErrorLimit);
    }
  }

  /** The target for a scenario. */
  public static Duration target(Scenario s) {
    return switch (s) {
      case P95_250MS -> Duration.ofMinutes(3);
      case ERRORS_5PCT -> Duration.ofMinutes(10);
      case SLOW_8PCT, SLOWER_30PCT -> Duration.ofMinutes(30);
      case HEALTHY, AT_ERROR_LIMIT -> Duration.ZERO;
    };
  }

  /** Detection of {@code scenario} at {@code rate} over {@code seeds} runs. */
  public static Detection detection(JudgeConfig config, double rate, Scenario scenario, int seeds, long seed) {
    return detection(config, rate, scenario, seeds, seed, 1);
  }

  /** Detection with a fleet of {@code instances} routers sharing one evidence exchange (1: a single router). */
  public static Detection detection(JudgeConfig config, double rate, Scenario scenario, int seeds, long seed,
      int instances) {
    EvidenceSimulator sim = new EvidenceSimulator(config);
    List<Duration> times = new ArrayList<>();
    int falseBefore = 0;
    for (int i = 0; i < seeds; i++) {
      EvidenceSimulator.Run r = instances == 1
          ? sim.run(TrafficModel.at(rate), scenario, EvidenceSimulator.DEFAULT_LEAD, DEFAULT_MAX_DETECTION, seed + i)
          : sim.runFleet(TrafficModel.at(rate), scenario, EvidenceSimulator.DEFAULT_LEAD, DEFAULT_MAX_DETECTION,
              seed + i, instances);
      if (r.breachedDuringLead()) {
        falseBefore++;
      } else if (r.detectedAfter() != null) {
        times.add(r.detectedAfter());
      }
    }
    times.sort(null);
    Duration median = times.isEmpty() ? null : times.get(times.size() / 2);
    Duration worst = times.isEmpty() || times.size() < seeds ? null : times.get(times.size() - 1);
    return new Detection(rate, scenario, target(scenario), seeds, times.size(), falseBefore, median, worst);
  }

  /** The table for {@code rates}. */
  public static Result run(JudgeConfig config, List<Double> rates, int seeds, int days, long seed) {
    return run(config, rates, seeds, days, seed, 1);
  }

  /** The table for a fleet of {@code instances} routers sharing one evidence exchange (1: a single router). */
  public static Result run(JudgeConfig config, List<Double> rates, int seeds, int days, long seed, int instances) {
    return run(config, rates, seeds, days, seed, instances, 0);
  }

  /**
   * The table, plus {@code limitDays} candidate-days per rate of a candidate exactly at the error limit
   * (0: none), where {@link JudgeConfig#falseRollbacksPerDay()} is the bound.
   */
  public static Result run(JudgeConfig config, List<Double> rates, int seeds, int days, long seed, int instances,
      int limitDays) {
    Objects.requireNonNull(config, "config");
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, got " + instances);
    }
    List<Detection> det = new ArrayList<>();
    List<FalseRollbacks> fr = new ArrayList<>();
    List<FalseRollbacks> lim = new ArrayList<>();
    EvidenceSimulator sim = new EvidenceSimulator(config);
    for (double rate : rates) {
      for (Scenario s : Scenario.values()) {
        if (s != Scenario.HEALTHY && s != Scenario.AT_ERROR_LIMIT) {
          det.add(detection(config, rate, s, seeds, seed, instances));
        }
      }
      fr.add(new FalseRollbacks(rate, days, sim.falseRollbackDays(TrafficModel.at(rate), days, seed, instances)));
      if (limitDays > 0) {
        lim.add(new FalseRollbacks(rate, limitDays,
            sim.rollbackDays(TrafficModel.at(rate), Scenario.AT_ERROR_LIMIT, limitDays, seed, instances)));
      }
    }
    return new Result(det, fr, lim, config.falseRollbacksPerDay());
  }

  /** Writes {@code r} as Markdown tables. */
  public static void print(Result r, PrintStream out) {
    out.println("| RPS | scenario | target | detected | median | worst |");
    out.println("|---|---|---|---|---|---|");
    for (Detection d : r.detections()) {
      out.printf(Locale.ROOT, "| %s | %s | <= %s | %d/%d%s | %s | %s |%n", rate(d.rate()), d.scenario(), fmt(d.target()),
          d.detected(), d.seeds(), d.falseBeforeStart() > 0 ? " (" + d.falseBeforeStart() + " before start)" : "",
          fmt(d.median()), d.worst() == null ? "not all detected" : fmt(d.worst()));
    }
    out.println();
    out.println("| RPS | healthy candidate-days | days with a false rollback | target |");
    out.println("|---|---|---|---|");
    for (FalseRollbacks f : r.falseRollbacks()) {
      out.printf(Locale.ROOT, "| %s | %d | %d | <= %d |%n", rate(f.rate()), f.days(), f.falseRollbackDays(),
          f.days() / 100);
    }
    if (!r.atErrorLimit().isEmpty()) {
      out.println();
      out.println("| RPS | candidate-days at exactly 0.5 % errors | days rolled back | bound (falseRollbacksPerDay x days) |");
      out.println("|---|---|---|---|");
      for (FalseRollbacks f : r.atErrorLimit()) {
        out.printf(Locale.ROOT, "| %s | %d | %d | %.1f |%n", rate(f.rate()), f.days(), f.falseRollbackDays(),
            r.falseRollbacksPerDay() * f.days());
      }
    }
  }

  private static String rate(double r) {
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }

  private static String fmt(@Nullable Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.toSeconds();
    return s < 120 ? s + " s" : String.format(Locale.ROOT, "%.1f min", s / 60.0);
  }
}
