package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.Clock;
import io.intentops.core.IntentOpsException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.SloConfig;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * The served models and their router, built from {@link IntentOpsProperties} at startup: the stable
 * intent bundle (or its quantized twin with {@code enable_quantized_model}), with
 * {@code enable_ab_routing} a candidate at a fixed weight or on a rollout plan, the SLO rules, the
 * optional NER bundle and the calibration overrides; or the predictors of an {@link IntentOpsModelSource}
 * bean instead of the bundles. Every served version is checked by the
 * {@link IntentOpsVersionGate}s first. Any problem throws {@link InvalidIntentOpsPropertyException}
 * naming the property, so startup fails with one message. The rollback controller ticks every
 * {@code intentops.router.evaluation-interval} on a daemon thread. Immutable after construction and
 * thread-safe; {@link #close()} stops the ticker and closes router and models.
 */
public final class IntentOpsRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IntentOpsRuntime.class);
  /** Prefix of a bundle packed as a classpath folder. */
  public static final String CLASSPATH = "classpath:";

  private final Router<String, IntentPrediction> router;
  private final Map<ModelVersion, Predictor<String, IntentPrediction>> intent;
  private final @Nullable Predictor<String, NerResult> ner;
  private final CalibrationParams calibration;
  private final ScheduledExecutorService ticker;
  private final AutoCloseable ticking;
  private final ArrayDeque<RouterEvent> events = new ArrayDeque<>();
  private final int recent;

  IntentOpsRuntime(IntentOpsProperties props, Clock clock, ObservationRegistry observations,
      List<IntentOpsVersionGate> gates, List<IntentOpsRouterCustomizer> customizers,
      @Nullable IntentOpsModelSource source) {
    this.recent = Math.max(1, props.getEndpoint().getRecentRecords());
    this.calibration = CalibrationParams.read(props.getModel().getCalibrationParamsPath());
    // Settings that need no model are checked first, so a typo fails before a model is loaded.
    SloConfig sloConfig = slo(props.getRouter().getSlo());
    Duration every = props.getRouter().getEvaluationInterval();
    if (every == null || every.isZero() || every.isNegative()) {
      throw new InvalidIntentOpsPropertyException("intentops.router.evaluation-interval", String.valueOf(every),
          "must be a positive duration");
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      IntentOpsProperties.Model m = props.getModel();
      IntentOpsProperties.Candidate c = props.getRouter().getCandidate();
      boolean ab = props.getFeatures().isEnableAbRouting();
      String stableProperty;
      Predictor<String, IntentPrediction> stable;
      Predictor<String, IntentPrediction> candidate = null;
      Predictor<String, NerResult> nerModel;
      String model;
      RolloutPlan plan = null;
      if (ab) {
        if (c.getWeightBps() < 0 || c.getWeightBps() > 10_000) {
          throw new InvalidIntentOpsPropertyException("intentops.router.candidate.weight-bps",
              Integer.toString(c.getWeightBps()), "must be in [0, 10000] basis points");
        }
        plan = c.getRollout().isEmpty() ? null : rolloutPlan(c);
      }
      if (source != null) {
        stableProperty = "intentops.model.path";
        IntentOpsModelSource.Models ms = source.load();
        opened.add(ms.stable());
        if (ms.candidate() != null) {
          opened.add(ms.candidate());
        }
        if (ms.ner() != null) {
          opened.add(ms.ner());
        }
        stable = ms.stable();
        candidate = ab ? ms.candidate() : null;
        if (!ab && ms.candidate() != null) {
          ms.candidate().close(); // supplied but not served without enable_ab_routing
          opened.remove(ms.candidate());
        }
        nerModel = ms.ner();
        model = isBlank(props.getGovernance().getModel()) ? "intent" : props.getGovernance().getModel();
      } else {
        boolean quantized = props.getFeatures().isEnableQuantizedModel();
        stableProperty = quantized ? "intentops.model.quantized-path" : "intentops.model.path";
        String stablePath = quantized ? m.getQuantizedPath() : m.getPath();
        if (quantized && isBlank(stablePath)) {
          throw new InvalidIntentOpsPropertyException(stableProperty, null,
              "intentops.features.enable-quantized-model is on, so the INT8 bundle to serve must be set");
        }
        IntentPredictor stableBundle = openIntent(props, stableProperty, stablePath, clock, observations);
        opened.add(stableBundle);
        expectVersion(stableBundle, "intentops.model.version", m.getVersion(), stablePath);
        stable = stableBundle;
        model = isBlank(props.getGovernance().getModel()) ? stableBundle.manifest().name() : props.getGovernance().getModel();
        if (ab) {
          if (isBlank(c.getPath())) {
            throw new InvalidIntentOpsPropertyException("intentops.router.candidate.path", null,
                "intentops.features.enable-ab-routing is on, so a candidate bundle must be set");
          }
          IntentPredictor cand = openIntent(props, "intentops.router.candidate.path", c.getPath(), clock, observations);
          opened.add(cand);
          expectVersion(cand, "intentops.router.candidate.version", c.getVersion(), c.getPath());
          candidate = cand;
        }
        nerModel = openNer(props.getNer(), clock, observations);
        if (nerModel != null) {
          opened.add(nerModel);
        }
      }
      Map<ModelVersion, Predictor<String, IntentPrediction>> served = new LinkedHashMap<>();
      served.put(stable.version(), stable);
      if (candidate != null) {
        if (served.containsKey(candidate.version())) {
          throw new InvalidIntentOpsPropertyException("intentops.router.candidate.path", c.getPath(),
              "the candidate has the stable version " + candidate.version());
        }
        served.put(candidate.version(), candidate);
      }
      for (IntentOpsVersionGate gate : gates) {
        gate.check(model, stable.version(), stableProperty);
        if (candidate != null) {
          gate.check(model, candidate.version(), "intentops.router.candidate.path");
        }
      }
      Router.Builder<String, IntentPrediction> b = Router.<String, IntentPrediction>builder()
          .version(stable)
          .stable(stable.version())
          .clock(clock)
          .slo(sloConfig)
          .judge(judge(sloConfig))
          .listener(new RouterListener() {
            @Override
            public void onEvent(RouterEvent e) {
              remember(e);
            }
          });
      if (candidate != null) {
        b.version(candidate);
        if (plan != null) {
          b.candidate(candidate.version(), plan);
        } else {
          b.candidate(candidate.version(), c.getWeightBps());
        }
      }
      customizers.forEach(cu -> cu.customize(b));
      this.router = b.build();
      opened.add(router);
      customizers.forEach(cu -> cu.built(router));
      this.intent = Map.copyOf(served);
      this.ner = nerModel;
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "intentops-slo-ticker");
        t.setDaemon(true);
        return t;
      });
      this.ticking = customizers.stream().anyMatch(IntentOpsRouterCustomizer::evaluatesElsewhere)
          ? () -> { }
          : router.controller().schedule(ticker, every);
      LOG.info("IntentOps serving {} (weights {}){}", served.keySet(), router.state().weights(),
          ner == null ? "" : ", NER " + ner.version());
    } catch (RuntimeException e) {
      for (AutoCloseable a : opened) {
        try {
          a.close();
        } catch (Exception s) {
          e.addSuppressed(s);
        }
      }
      throw e;
    }
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  private static IntentPredictor openIntent(IntentOpsProperties props, String property, @Nullable String location,
      Clock clock, ObservationRegistry observations) {
    if (isBlank(location)) {
      throw new InvalidIntentOpsPropertyException(property, null, "the bundle to serve (MODEL_PATH) must be set");
    }
    IntentOpsProperties.Model m = props.getModel();
    IntentPredictor.Builder b = IntentPredictor.builder().clock(clock).observationRegistry(observations);
    source(property, location, b::bundleResource, b::bundle);
    return guard(property, location, () -> {
      b.limits(limits(m.getMaxChars(), m.getMaxTokens(), "intentops.model"));
      b.cache(m.getCacheEntries());
      if (m.getIntraOpThreads() != null) {
        b.intraOpThreads(m.getIntraOpThreads());
      }
      IntentOpsProperties.Batch batch = props.getBatch();
      if (batch.isEnabled()) {
        guard("intentops.batch.max-size", Integer.toString(batch.getMaxSize()),
            () -> b.microBatching(batch.getMaxSize(), Duration.ZERO));
        guard("intentops.batch.max-wait", String.valueOf(batch.getMaxWait()),
            () -> b.microBatching(batch.getMaxSize(), batch.getMaxWait()));
        guard("intentops.batch.lanes", Integer.toString(batch.getLanes()), () -> b.microBatchLanes(batch.getLanes()));
      }
      return b.build();
    });
  }

  private static @Nullable NerPredictor openNer(IntentOpsProperties.Ner n, Clock clock, ObservationRegistry observations) {
    if (isBlank(n.getPath())) {
      return null;
    }
    NerPredictor.Builder b = NerPredictor.builder().clock(clock).observationRegistry(observations);
    source("intentops.ner.path", n.getPath(), b::bundleResource, b::bundle);
    return guard("intentops.ner.path", n.getPath(), () -> {
      b.limits(limits(n.getMaxChars(), n.getMaxTokens(), "intentops.ner"));
      return b.build();
    });
  }

  private static InputLimits limits(int maxChars, int maxTokens, String prefix) {
    InputLimits.Builder l = InputLimits.custom().maxChars(Math.max(1, maxChars)).maxTokens(Math.max(3, maxTokens));
    guard(prefix + ".max-chars", Integer.toString(maxChars), () -> InputLimits.custom().maxChars(maxChars).build());
    guard(prefix + ".max-tokens", Integer.toString(maxTokens), () -> InputLimits.custom().maxTokens(maxTokens).build());
    return l.build();
  }

  private static void source(String property, String location, Consumer<String> classpath, Consumer<Path> dir) {
    if (location.startsWith(CLASSPATH)) {
      String folder = location.substring(CLASSPATH.length());
      String probe = (folder.endsWith("/") ? folder : folder + "/") + "manifest.json";
      if (Thread.currentThread().getContextClassLoader().getResource(probe) == null
          && IntentOpsRuntime.class.getClassLoader().getResource(probe) == null) {
        throw new InvalidIntentOpsPropertyException(property, location, "no bundle on the classpath (no " + probe + ")");
      }
      classpath.accept(folder);
    } else {
      Path p = Path.of(location);
      if (!Files.isDirectory(p)) {
        throw new InvalidIntentOpsPropertyException(property, location, "is not a bundle directory");
      }
      dir.accept(p);
    }
  }

  /** Runs {@code body}, attributing any IntentOps error to {@code property}. */
  private static <T> T guard(String property, @Nullable String value, Supplier<T> body) {
    try {
      return body.get();
    } catch (InvalidIntentOpsPropertyException e) {
      throw e;
    } catch (IntentOpsException e) {
      throw new InvalidIntentOpsPropertyException(property, value, e.getMessage());
    }
  }

  private static void expectVersion(IntentPredictor p, String property, @Nullable String expected, @Nullable String path) {
    if (isBlank(expected)) {
      return;
    }
    ModelVersion want = guard(property, expected, () -> ModelVersion.parse(expected.strip()));
    if (!want.equals(p.version())) {
      throw new InvalidIntentOpsPropertyException(property, expected, "the bundle at " + path + " is version "
          + p.version());
    }
  }

  static RolloutPlan rolloutPlan(IntentOpsProperties.Candidate c) {
    String property = "intentops.router.candidate.rollout";
    String all = String.join(",", c.getRollout());
    RolloutPlan.Builder b = RolloutPlan.custom();
    for (int i = 0; i < c.getRollout().size(); i++) {
      String step = c.getRollout().get(i).strip();
      int at = step.indexOf('@');
      if (at <= 0 || at == step.length() - 1) {
        throw new InvalidIntentOpsPropertyException(property, all, "step " + i + " '" + step
            + "' is not weightBps@hold (e.g. 1000@15m)");
      }
      int weight;
      Duration hold;
      try {
        weight = Integer.parseInt(step.substring(0, at).strip());
        hold = DurationStyle.detectAndParse(step.substring(at + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidIntentOpsPropertyException(property, all, "step " + i + " '" + step
            + "' is not weightBps@hold (e.g. 1000@15m): " + e.getMessage());
      }
      guard(property, all, () -> b.step(weight, hold));
    }
    return guard(property, all, () -> b.minHealthyWindowsPerStep(c.getMinHealthyWindowsPerStep()).build());
  }

  /**
   * The canary judge with the default rules, its two absolute rules taking their limits from the SLO
   * properties: {@code max-server-error-rate} (default 0.5 %) and {@code max-p95-latency} (at most 5 % of
   * candidate requests slower than it; default 150 ms); the default 2 % error rule stays only while it is
   * above the configured limit. The window settings only shape the informational SLO windows.
   */
  static io.intentops.router.judge.JudgeConfig judge(SloConfig slo) {
    java.util.List<io.intentops.router.judge.JudgeRule> rules = new ArrayList<>();
    io.intentops.router.judge.JudgeRule defaultErrors = io.intentops.router.judge.JudgeConfig.DEFAULT_RULES.stream()
        .filter(r -> r.kind() == io.intentops.router.judge.JudgeRule.Kind.SERVER_ERRORS).findFirst().orElseThrow();
    for (io.intentops.router.judge.JudgeRule r : io.intentops.router.judge.JudgeConfig.DEFAULT_RULES) {
      if (r.equals(defaultErrors)) {
        rules.add(io.intentops.router.judge.JudgeRule.serverErrors(slo.maxServerErrorRate(), r.detectRatio()));
      } else if (r.kind() == io.intentops.router.judge.JudgeRule.Kind.SERVER_ERRORS
          && r.limit() <= slo.maxServerErrorRate()) {
        continue; // a faster-burning error rule at or below the configured limit would be stricter than asked
      } else if (r.kind() == io.intentops.router.judge.JudgeRule.Kind.SLOW_REQUESTS) {
        rules.add(io.intentops.router.judge.JudgeRule.latency(slo.maxP95Latency(), r.limit(), r.detectRatio()));
      } else {
        rules.add(r);
      }
    }
    return io.intentops.router.judge.JudgeConfig.custom().rules(rules).build();
  }

  static SloConfig slo(IntentOpsProperties.Slo s) {
    String p = "intentops.router.slo.";
    // SloConfig validates in build(): check each setting alone so the message names its property.
    guard(p + "max-p95-latency", String.valueOf(s.getMaxP95Latency()),
        () -> SloConfig.custom().maxP95Latency(s.getMaxP95Latency()).build());
    guard(p + "max-server-error-rate", Double.toString(s.getMaxServerErrorRate()),
        () -> SloConfig.custom().maxServerErrorRate(s.getMaxServerErrorRate()).build());
    guard(p + "window", String.valueOf(s.getWindow()), () -> SloConfig.custom().windowLength(s.getWindow()).build());
    guard(p + "breaching-windows", Integer.toString(s.getBreachingWindows()),
        () -> SloConfig.custom().breachingWindows(s.getBreachingWindows()).build());
    guard(p + "min-requests-per-window", Long.toString(s.getMinRequestsPerWindow()),
        () -> SloConfig.custom().minRequestsPerWindow(s.getMinRequestsPerWindow()).build());
    return guard(p + "window", String.valueOf(s.getWindow()), () -> SloConfig.custom()
        .maxP95Latency(s.getMaxP95Latency())
        .maxServerErrorRate(s.getMaxServerErrorRate())
        .windowLength(s.getWindow())
        .breachingWindows(s.getBreachingWindows())
        .minRequestsPerWindow(s.getMinRequestsPerWindow())
        .build());
  }

  private synchronized void remember(RouterEvent e) {
    events.addLast(e);
    while (events.size() > recent) {
      events.removeFirst();
    }
  }

  /** The router over the served intent versions. */
  public Router<String, IntentPrediction> router() {
    return router;
  }

  /** The served intent predictors by version, stable first. */
  public Map<ModelVersion, Predictor<String, IntentPrediction>> intentPredictors() {
    return intent;
  }

  /** The NER predictor, or null when none is configured. */
  public @Nullable Predictor<String, NerResult> ner() {
    return ner;
  }

  /** Serving-time calibration overrides. */
  public CalibrationParams calibration() {
    return calibration;
  }

  /** The most recent routing-state changes (rollbacks, aborts, promotions, steps), oldest first. */
  public synchronized List<RouterEvent> recentEvents() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    // Each step on its own: one failing close must not leave the others' native resources open.
    closeQuietly("the SLO ticker", ticking);
    ticker.shutdownNow();
    closeQuietly("the router", router);
    for (Predictor<String, IntentPrediction> p : intent.values()) {
      closeQuietly("intent model " + p.version(), p);
    }
    if (ner != null) {
      closeQuietly("the NER model", ner);
    }
  }

  private static void closeQuietly(String what, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("Closing {} failed", what, e);
    }
  }
}
