package io.intentops.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration under {@code intentops.*}. The release plan's environment settings map to these
 * properties (Spring's relaxed binding also reads {@code INTENTOPS_MODEL_PATH} etc. from the
 * environment): {@code MODEL_PATH} = {@code intentops.model.path}, {@code MODEL_VERSION} =
 * {@code intentops.model.version}, {@code MAX_TOKENS} = {@code intentops.model.max-tokens},
 * {@code ENABLE_BATCH} = {@code intentops.batch.enabled}, {@code DRIFT_THRESHOLD} =
 * {@code intentops.drift.threshold}, {@code CALIBRATION_PARAMS_PATH} =
 * {@code intentops.model.calibration-params-path}, and the flags {@code enable_ab_routing},
 * {@code enable_quantized_model}, {@code enable_explainability} = {@code intentops.features.*}.
 * Validated when the runtime is built (a bad value fails startup naming the property). Mutable
 * JavaBean for Spring binding; read once at startup.
 */
@ConfigurationProperties(prefix = IntentOpsProperties.PREFIX)
public class IntentOpsProperties {
  /** The property prefix. */
  public static final String PREFIX = "intentops";

  /** Whether the IntentOps auto-configuration is active. */
  private boolean enabled = true;
  private final Model model = new Model();
  private final Ner ner = new Ner();
  private final Batch batch = new Batch();
  private final Router router = new Router();
  private final Drift drift = new Drift();
  private final Features features = new Features();
  private final Warmup warmup = new Warmup();
  private final Governance governance = new Governance();
  private final Fleet fleet = new Fleet();
  private final Endpoint endpoint = new Endpoint();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Model getModel() {
    return model;
  }

  public Ner getNer() {
    return ner;
  }

  public Batch getBatch() {
    return batch;
  }

  public Router getRouter() {
    return router;
  }

  public Drift getDrift() {
    return drift;
  }

  public Features getFeatures() {
    return features;
  }

  public Warmup getWarmup() {
    return warmup;
  }

  public Governance getGovernance() {
    return governance;
  }

  public Fleet getFleet() {
    return fleet;
  }

  public Endpoint getEndpoint() {
    return endpoint;
  }

  /** The stable intent model. */
  public static class Model {
    /**
     * Bundle of the stable intent model (MODEL_PATH): a directory with manifest.json, or
     * classpath:folder for a bundle packed in a jar (e.g. classpath:io/intentops/models/banking77-intent).
     */
    private @Nullable String path;
    /** Expected model version (MODEL_VERSION), e.g. 1.0.0-1; a bundle with another version is refused. */
    private @Nullable String version;
    /** Bundle served instead of path when intentops.features.enable-quantized-model is on (the INT8 switch). */
    private @Nullable String quantizedPath;
    /** Token limit (MAX_TOKENS); longer texts are truncated and flagged. */
    private int maxTokens = 128;
    /** Character limit; longer texts are rejected as invalid input. */
    private int maxChars = 2000;
    /** Prediction cache entries (Caffeine, keyed by version and normalised text); 0 disables the cache. */
    private long cacheEntries;
    /** ONNX Runtime intra-op threads per model. Default: available processors, at most 4. */
    private @Nullable Integer intraOpThreads;
    /**
     * JSON file (CALIBRATION_PARAMS_PATH) with serving-time calibration, {"oos_threshold": 0.31}: replaces
     * the bundle's out-of-scope threshold.
     */
    private @Nullable String calibrationParamsPath;

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public @Nullable String getVersion() {
      return version;
    }

    public void setVersion(@Nullable String version) {
      this.version = version;
    }

    public @Nullable String getQuantizedPath() {
      return quantizedPath;
    }

    public void setQuantizedPath(@Nullable String quantizedPath) {
      this.quantizedPath = quantizedPath;
    }

    public int getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
    }

    public int getMaxChars() {
      return maxChars;
    }

    public void setMaxChars(int maxChars) {
      this.maxChars = maxChars;
    }

    public long getCacheEntries() {
      return cacheEntries;
    }

    public void setCacheEntries(long cacheEntries) {
      this.cacheEntries = cacheEntries;
    }

    public @Nullable Integer getIntraOpThreads() {
      return intraOpThreads;
    }

    public void setIntraOpThreads(@Nullable Integer intraOpThreads) {
      this.intraOpThreads = intraOpThreads;
    }

    public @Nullable String getCalibrationParamsPath() {
      return calibrationParamsPath;
    }

    public void setCalibrationParamsPath(@Nullable String calibrationParamsPath) {
      this.calibrationParamsPath = calibrationParamsPath;
    }
  }

  /** The optional NER model. */
  public static class Ner {
    /** NER bundle: a directory or classpath:folder; unset for no NER model. */
    private @Nullable String path;
    /** Token limit of the NER model; longer texts are processed in windows. */
    private int maxTokens = 128;
    /** Character limit of the NER model. */
    private int maxChars = 2000;

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public int getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
    }

    public int getMaxChars() {
      return maxChars;
    }

    public void setMaxChars(int maxChars) {
      this.maxChars = maxChars;
    }
  }

  /** Micro-batching of concurrent single predictions (ENABLE_BATCH). */
  public static class Batch {
    /** Whether concurrent single predictions are merged into one ONNX Runtime run (ENABLE_BATCH). */
    private boolean enabled;
    /** Most texts in one merged run. */
    private int maxSize = 16;
    /** Longest time the first text of a batch waits for companions. */
    private Duration maxWait = Duration.ofMillis(2);
    /** Merged runs that may execute at once (see {@code IntentPredictor.Builder#microBatchLanes}). */
    private int lanes = 1;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(int maxSize) {
      this.maxSize = maxSize;
    }

    public Duration getMaxWait() {
      return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }

    public int getLanes() {
      return lanes;
    }

    public void setLanes(int lanes) {
      this.lanes = lanes;
    }
  }

  /** The router: candidate, rollout plan and SLO rules. */
  public static class Router {
    private final Candidate candidate = new Candidate();
    private final Slo slo = new Slo();
    /** How often the rollback controller evaluates windows and advances plans. */
    private Duration evaluationInterval = Duration.ofSeconds(1);

    public Candidate getCandidate() {
      return candidate;
    }

    public Slo getSlo() {
      return slo;
    }

    public Duration getEvaluationInterval() {
      return evaluationInterval;
    }

    public void setEvaluationInterval(Duration evaluationInterval) {
      this.evaluationInterval = evaluationInterval;
    }
  }

  /** A second version, served when intentops.features.enable-ab-routing is on. */
  public static class Candidate {
    /** Candidate bundle (directory or classpath:folder); unset for none. */
    private @Nullable String path;
    /** Expected candidate version; a bundle with another version is refused. */
    private @Nullable String version;
    /** Fixed share of traffic in basis points (0..10000), used when no rollout plan is given. */
    private int weightBps = 1000;
    /**
     * Rollout plan: steps "weightBps@hold", e.g. 1000@15m,5000@15m (weights strictly increasing, hold a
     * duration); the candidate is promoted after the last step. Empty: a fixed weight-bps.
     */
    private List<String> rollout = new ArrayList<>();
    /** Healthy SLO windows required in each plan step before it can be left. */
    private int minHealthyWindowsPerStep = 1;

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public @Nullable String getVersion() {
      return version;
    }

    public void setVersion(@Nullable String version) {
      this.version = version;
    }

    public int getWeightBps() {
      return weightBps;
    }

    public void setWeightBps(int weightBps) {
      this.weightBps = weightBps;
    }

    public List<String> getRollout() {
      return rollout;
    }

    public void setRollout(List<String> rollout) {
      this.rollout = rollout;
    }

    public int getMinHealthyWindowsPerStep() {
      return minHealthyWindowsPerStep;
    }

    public void setMinHealthyWindowsPerStep(int minHealthyWindowsPerStep) {
      this.minHealthyWindowsPerStep = minHealthyWindowsPerStep;
    }
  }

  /** The candidate's SLO rules (see docs/router.md). */
  public static class Slo {
    /** Window p95 latency above which the window breaches. */
    private Duration maxP95Latency = Duration.ofMillis(150);
    /** Server-error share (0..1) above which the window breaches. */
    private double maxServerErrorRate = 0.005;
    /** Evaluation window length. */
    private Duration window = Duration.ofMinutes(1);
    /** Consecutive breaching windows that roll the candidate back. */
    private int breachingWindows = 5;
    /** Windows with fewer requests are inconclusive. */
    private long minRequestsPerWindow = 100;

    public Duration getMaxP95Latency() {
      return maxP95Latency;
    }

    public void setMaxP95Latency(Duration maxP95Latency) {
      this.maxP95Latency = maxP95Latency;
    }

    public double getMaxServerErrorRate() {
      return maxServerErrorRate;
    }

    public void setMaxServerErrorRate(double maxServerErrorRate) {
      this.maxServerErrorRate = maxServerErrorRate;
    }

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }

    public int getBreachingWindows() {
      return breachingWindows;
    }

    public void setBreachingWindows(int breachingWindows) {
      this.breachingWindows = breachingWindows;
    }

    public long getMinRequestsPerWindow() {
      return minRequestsPerWindow;
    }

    public void setMinRequestsPerWindow(long minRequestsPerWindow) {
      this.minRequestsPerWindow = minRequestsPerWindow;
    }
  }

  /** Drift of the predicted-class distribution (PSI of the latest window against the first predictions). */
  public static class Drift {
    /** PSI above which drift is flagged (DRIFT_THRESHOLD). */
    private double threshold = 0.25;
    /** Predictions in the baseline (the first ones served). */
    private int baselineSize = 500;
    /** Predictions in the moving current sample. */
    private int windowSize = 500;

    public double getThreshold() {
      return threshold;
    }

    public void setThreshold(double threshold) {
      this.threshold = threshold;
    }

    public int getBaselineSize() {
      return baselineSize;
    }

    public void setBaselineSize(int baselineSize) {
      this.baselineSize = baselineSize;
    }

    public int getWindowSize() {
      return windowSize;
    }

    public void setWindowSize(int windowSize) {
      this.windowSize = windowSize;
    }
  }

  /** Feature flags of the release plan. */
  public static class Features {
    /** Serve the candidate next to the stable model (enable_ab_routing). */
    private boolean enableAbRouting;
    /** Serve intentops.model.quantized-path instead of intentops.model.path (enable_quantized_model). */
    private boolean enableQuantizedModel;
    /**
     * Answers carry the top-k alternatives and the OOS score, and word attributions can be requested
     * (enable_explainability; {@code IntentOpsService.explain}).
     */
    private boolean enableExplainability;
    /**
     * Longest text, in words, that an explanation accepts (its cost is words + 1 texts in one batch);
     * at most 512.
     */
    private int explainMaxWords = io.intentops.inference.explain.ExplainConfig.DEFAULT_MAX_WORDS;

    public boolean isEnableAbRouting() {
      return enableAbRouting;
    }

    public void setEnableAbRouting(boolean enableAbRouting) {
      this.enableAbRouting = enableAbRouting;
    }

    public boolean isEnableQuantizedModel() {
      return enableQuantizedModel;
    }

    public void setEnableQuantizedModel(boolean enableQuantizedModel) {
      this.enableQuantizedModel = enableQuantizedModel;
    }

    public boolean isEnableExplainability() {
      return enableExplainability;
    }

    public void setEnableExplainability(boolean enableExplainability) {
      this.enableExplainability = enableExplainability;
    }

    public int getExplainMaxWords() {
      return explainMaxWords;
    }

    public void setExplainMaxWords(int explainMaxWords) {
      this.explainMaxWords = explainMaxWords;
    }
  }

  /** Warm-up: predictions run before readiness turns UP. */
  public static class Warmup {
    /** Whether each served version answers the warm-up texts before the intentops health is UP. */
    private boolean enabled = true;
    /** Warm-up texts sent to every version without its own list. */
    private List<String> texts = new ArrayList<>(List.of(
        "I still haven't received my card", "How do I top up my account?", "What is the exchange rate today?"));
    /** Warm-up texts per version (key: the version, e.g. 1.1.0-2), replacing texts for that version. */
    private Map<String, List<String>> versions = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getTexts() {
      return texts;
    }

    public void setTexts(List<String> texts) {
      this.texts = texts;
    }

    public Map<String, List<String>> getVersions() {
      return versions;
    }

    public void setVersions(Map<String, List<String>> versions) {
      this.versions = versions;
    }
  }

  /** The governance gate at startup. */
  public static class Governance {
    /** Governance directory (registry, approvals, audit log); the gate is on when set. */
    private @Nullable String directory;
    /** Model name in the registry. Default: the stable bundle's manifest name. */
    private @Nullable String model;
    /** Registry stages a served version may be in; any other stage (or an unregistered version) is refused. */
    private List<String> allowedStages = new ArrayList<>(List.of("CANARY", "PRODUCTION"));

    public @Nullable String getDirectory() {
      return directory;
    }

    public void setDirectory(@Nullable String directory) {
      this.directory = directory;
    }

    public @Nullable String getModel() {
      return model;
    }

    public void setModel(@Nullable String model) {
      this.model = model;
    }

    public List<String> getAllowedStages() {
      return allowedStages;
    }

    public void setAllowedStages(List<String> allowedStages) {
      this.allowedStages = allowedStages;
    }
  }

  /** Fleet mode: routing state and SLO judging shared through PostgreSQL when a DataSource bean exists. */
  public static class Fleet {
    /** Whether a DataSource bean switches fleet mode on (needs intentops-postgres on the classpath). */
    private boolean enabled = true;
    /** Deployment name shared by the fleet's instances. */
    private String deployment = "intentops";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getDeployment() {
      return deployment;
    }

    public void setDeployment(String deployment) {
      this.deployment = deployment;
    }
  }

  /** The Actuator endpoint's write operations (enable them with management.endpoint.intentops.access=unrestricted). */
  public static class Endpoint {
    /** Role a caller needs for promote, pause and abort when Spring Security is on the classpath. */
    private String operatorRole = "INTENTOPS_OPERATOR";
    /** Recent rollback and verdict records shown. */
    private int recentRecords = 20;

    public String getOperatorRole() {
      return operatorRole;
    }

    public void setOperatorRole(String operatorRole) {
      this.operatorRole = operatorRole;
    }

    public int getRecentRecords() {
      return recentRecords;
    }

    public void setRecentRecords(int recentRecords) {
      this.recentRecords = recentRecords;
    }
  }
}
