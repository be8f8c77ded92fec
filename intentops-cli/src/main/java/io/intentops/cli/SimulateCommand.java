package io.intentops.cli;

import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.simulation.EvidenceSimulator;
import io.intentops.router.simulation.SimulationReport;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code intentops simulate}: the canary judge's detection times and false-rollback rates with the
 * default configuration, from the deterministic evidence simulator (see {@code docs/router.md}).
 * Prints Markdown tables; exit code 0 when every false-rollback target and every median detection target is met, 1 otherwise.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate canary releases against the default canary judge: detection time per scenario "
        + "(median and worst across seeds) and false rollbacks of healthy candidates, per request rate.")
final class SimulateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--rates", split = ",", defaultValue = "2,20,200",
      description = "Requests per second, comma-separated (default: ${DEFAULT-VALUE}); the candidate gets 10 %.")
  List<Double> rates;

  @Option(names = "--seeds", defaultValue = "20", description = "Runs per scenario and rate (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--days", defaultValue = "100",
      description = "Healthy candidate-days per rate (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "2025", description = "First seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit-days", defaultValue = "0",
      description = "Also simulate this many candidate-days exactly at the 0.5 % error limit per rate, where "
          + "falseRollbacksPerDay is the bound (default: ${DEFAULT-VALUE}: skip).")
  int limitDays;

  @Option(names = "--instances", defaultValue = "1",
      description = "Routers in fleet mode sharing one evidence exchange (default: ${DEFAULT-VALUE}).")
  int instances;

  SimulateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (seeds < 1 || days < 1 || instances < 1 || limitDays < 0 || rates.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--seeds, --days and --instances must be >= 1 and --rates must name at least one rate");
    }
    long t0 = System.nanoTime();
    SimulationReport.Result r = SimulationReport.run(JudgeConfig.ofDefaults(), rates, seeds, days, seed, instances,
        limitDays);
    SimulationReport.print(r, ctx.out());
    ctx.out().printf(Locale.ROOT, "%n(default judge; %s; %d seeds from %d; %d healthy candidate-days per rate; "
        + "lead-in %d min; %.1f s)%n", instances == 1 ? "one router" : instances + " routers in fleet mode", seeds, seed,
        days, EvidenceSimulator.DEFAULT_LEAD.toMinutes(), (System.nanoTime() - t0) / 1e9);
    boolean ok = r.falseRollbacks().stream().allMatch(SimulationReport.FalseRollbacks::meetsTarget)
        && r.detections().stream().allMatch(d -> d.detected() == d.seeds() && d.median() != null
            && d.median().compareTo(d.target()) <= 0);
    return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
