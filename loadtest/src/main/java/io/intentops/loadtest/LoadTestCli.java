package io.intentops.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentOpsException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the load test: waits for the service, warms it up, optionally searches for the highest
 * rate that keeps p95 within the SLO with short probes ({@code --find-max}), then runs a linear ramp and a
 * steady phase at the target rate, prints a summary and writes {@code <out>/loadtest-<name>.json}.
 * Exit codes: 0 done, 2 bad options, 3 no probe rate met the SLO, 1 any other failure. One instance per
 * command line; not thread-safe.
 */
@Command(name = "intentops-loadtest", mixinStandardHelpOptions = true,
    description = "Open-model (fixed arrival rate) load test of the IntentOps service over loopback.")
public final class LoadTestCli implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  @Option(names = "--name", required = true, description = "Run name; results go to <out>/loadtest-<name>.json.")
  String name = "";
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Service host; loopback only (default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";
  @Option(names = "--port", required = true, description = "Service port.")
  int port;
  @Option(names = "--path", defaultValue = LoadGenerator.DEFAULT_PATH, description = "Request path (default ${DEFAULT-VALUE}).")
  String path = LoadGenerator.DEFAULT_PATH;
  @Option(names = "--rps", defaultValue = "2", description = "Target rate, requests/s, without --find-max (default ${DEFAULT-VALUE}).")
  double rps = 2;
  @Option(names = "--ramp-seconds", defaultValue = "60", description = "Linear ramp 0 -> target; 0 for none (default ${DEFAULT-VALUE}).")
  int rampSeconds = 60;
  @Option(names = "--steady-seconds", defaultValue = "600", description = "Steady phase at the target (default ${DEFAULT-VALUE}).")
  int steadySeconds = 600;
  @Option(names = "--find-max", description = "Probe increasing rates first and use the highest that meets the SLO.")
  boolean findMax;
  @Option(names = "--probe-seconds", defaultValue = "30", description = "Length of one probe (default ${DEFAULT-VALUE}).")
  int probeSeconds = 30;
  @Option(names = "--probe-start-rps", defaultValue = "4", description = "First probe rate (default ${DEFAULT-VALUE}).")
  double probeStartRps = 4;
  @Option(names = "--probe-max-rps", defaultValue = "512", description = "Highest probe rate (default ${DEFAULT-VALUE}).")
  double probeMaxRps = 512;
  @Option(names = "--max-probes", defaultValue = "8", description = "Most probes (default ${DEFAULT-VALUE}).")
  int maxProbes = 8;
  @Option(names = "--probe-precision", defaultValue = "0.1", description = "Stop bisecting within this relative gap (default ${DEFAULT-VALUE}).")
  double probePrecision = 0.1;
  @Option(names = "--probe-pause-seconds", defaultValue = "5", description = "Pause between probes (default ${DEFAULT-VALUE}).")
  int probePauseSeconds = 5;
  @Option(names = "--slo-p95-ms", defaultValue = "150", description = "p95 limit of the SLO, ms (default ${DEFAULT-VALUE}).")
  double sloP95Ms = 150;
  @Option(names = "--slo-max-error-rate", defaultValue = "0.005", description = "Error-rate limit of the SLO (default ${DEFAULT-VALUE}).")
  double sloMaxErrorRate = 0.005;
  @Option(names = "--oos-share", defaultValue = "0.1", description = "Share of CLINC150 oos_test texts (default ${DEFAULT-VALUE}).")
  double oosShare = 0.1;
  @Option(names = "--threads", defaultValue = "" + LoadGenerator.DEFAULT_THREADS, description = "Client threads (default ${DEFAULT-VALUE}).")
  int threads = LoadGenerator.DEFAULT_THREADS;
  @Option(names = "--timeout-ms", defaultValue = "10000", description = "Request timeout, ms (default ${DEFAULT-VALUE}).")
  long timeoutMs = 10_000;
  @Option(names = "--warmup-requests", defaultValue = "50", description = "Sequential unmeasured requests first (default ${DEFAULT-VALUE}).")
  int warmupRequests = 50;
  @Option(names = "--ready-timeout-seconds", defaultValue = "180", description = "Wait this long for readiness (default ${DEFAULT-VALUE}).")
  int readyTimeoutSeconds = 180;
  @Option(names = "--out", defaultValue = "benchmarks/results", description = "Results folder (default ${DEFAULT-VALUE}).")
  Path out = Path.of("benchmarks/results");
  @Option(names = "--command", description = "The command line to record (default: these arguments).")
  String command = "";
  @Option(names = "--server-prop", description = "key=value facts about the server to record (JAVA_OPTS, cache size, ...).")
  Map<String, String> serverProps = new LinkedHashMap<>();

  private String[] args = new String[0];

  /** Runs the command line; exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int execute(String... args) {
    LoadTestCli cli = new LoadTestCli();
    cli.args = args.clone();
    return new CommandLine(cli)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("intentops-loadtest: " + e.getMessage());
          return e instanceof ConfigurationException ? 2 : 1;
        })
        .execute(args);
  }

  @Override
  public Integer call() {
    validate();
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode machine = new ObjectMapper().createObjectNode();
    machine.put("cores", MachineInfo.cores());
    machine.put("cpuModel", MachineInfo.cpuModel());
    machine.put("java", MachineInfo.java());
    machine.put("loadAvgBefore", MachineInfo.loadAverage1m());

    List<byte[]> bodies = RequestTexts.bodies(RequestTexts.fromDatasets(oosShare));
    ServerProbe probe = new ServerProbe(host, port);
    probe.awaitReady(Duration.ofSeconds(readyTimeoutSeconds));
    probe.warmUp(path, bodies, warmupRequests);
    System.out.printf(Locale.ROOT, "intentops-loadtest %s: %d request bodies, target http://%s:%d%s, load average %.2f%n",
        name, bodies.size(), host, port, path, MachineInfo.loadAverage1m());

    List<PhaseResult> results = new ArrayList<>();
    double target = rps;
    int exit = 0;
    try (LoadGenerator gen = LoadGenerator.custom().host(host).port(port).path(path).threads(threads)
        .requestTimeout(Duration.ofMillis(timeoutMs)).bodies(bodies).build()) {
      if (findMax) {
        MaxRateSearch search = new MaxRateSearch(probeStartRps, probeMaxRps, maxProbes, probePrecision);
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
          double r = next.getAsDouble();
          PhaseResult p = gen.run(List.of(PhaseSpec.steady(String.format(Locale.ROOT, "probe-%.0frps", r), r,
              Duration.ofSeconds(probeSeconds)))).get(0);
          boolean pass = p.meets(sloP95Ms, sloMaxErrorRate);
          search.record(r, pass);
          results.add(p);
          System.out.printf(Locale.ROOT, "probe %.0f rps: p95 %s ms, error rate %.4f -> %s%n", r,
              p.p95Ms() == null ? "-" : String.format(Locale.ROOT, "%.1f", p.p95Ms()), p.errorRate(),
              pass ? "meets the SLO" : "misses the SLO");
          pause(probePauseSeconds);
        }
        target = search.best();
        if (target == 0) {
          System.out.println("No probe rate met p95 <= " + sloP95Ms + " ms; no final phases run.");
          exit = 3;
        } else {
          System.out.printf(Locale.ROOT, "Highest rate meeting p95 <= %.0f ms: %.0f rps%n", sloP95Ms, target);
        }
      }
      if (exit == 0) {
        List<PhaseSpec> phases = new ArrayList<>();
        if (rampSeconds > 0) {
          phases.add(PhaseSpec.ramp("ramp", target, Duration.ofSeconds(rampSeconds)));
        }
        phases.add(PhaseSpec.steady("steady", target, Duration.ofSeconds(steadySeconds)));
        System.out.printf(Locale.ROOT, "Running %s at %.1f rps (%d s)...%n", rampSeconds > 0 ? "ramp + steady" : "steady",
            target, rampSeconds + steadySeconds);
        results.addAll(gen.run(phases));
      }
    }
    machine.put("loadAvgAfter", MachineInfo.loadAverage1m());
    ObjectNode server = probe.describe();
    serverProps.forEach(server::put);
    ObjectNode settings = new ObjectMapper().createObjectNode();
    settings.put("path", path);
    settings.put("targetRps", target);
    settings.put("rampSeconds", rampSeconds);
    settings.put("steadySeconds", steadySeconds);
    settings.put("findMax", findMax);
    if (findMax) {
      settings.put("probeSeconds", probeSeconds);
      settings.put("sloP95Ms", sloP95Ms);
      settings.put("sloMaxErrorRate", sloMaxErrorRate);
    }
    settings.put("oosShare", oosShare);
    settings.put("requestBodies", bodies.size());
    settings.put("clientThreads", threads);
    settings.put("timeoutMs", timeoutMs);
    settings.put("warmupRequests", warmupRequests);
    settings.put("latency", "from scheduled send time to end of response, 2xx only (open model, no coordinated omission)");
    String cmd = command.isBlank() ? "intentops-loadtest " + String.join(" ", args) : command;
    Path file = ResultsFile.write(out, name,
        ResultsFile.toJson(name, cmd, startedAt, machine, server, settings, results));
    System.out.print(ResultsFile.summary(results));
    System.out.printf(Locale.ROOT, "load average before %.2f, after %.2f; server %s, model %s%nWrote %s%n",
        machine.get("loadAvgBefore").asDouble(), machine.get("loadAvgAfter").asDouble(), server.path("heap").asText(),
        server.path("modelVersion").asText(), file);
    return exit;
  }

  private void validate() {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException("--name must match " + NAME + ", got '" + name + "'");
    }
    Loopback.require(host);
    if (!findMax && (!(rps > 0) || rps > PhaseSpec.MAX_RPS)) {
      throw new ConfigurationException("--rps must be in (0, " + PhaseSpec.MAX_RPS + "], got " + rps);
    }
    if (rampSeconds < 0 || steadySeconds < 1 || probeSeconds < 1 || probePauseSeconds < 0 || warmupRequests < 0
        || readyTimeoutSeconds < 1 || timeoutMs < 1) {
      throw new ConfigurationException("durations and counts must be positive (ramp and pause and warm-up may be 0)");
    }
  }

  private static void pause(int seconds) {
    try {
      Thread.sleep(seconds * 1_000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IntentOpsException("interrupted between probes");
    }
  }
}
