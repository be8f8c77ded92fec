package io.intentops.samples.springboot;

import io.intentops.core.ConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service configuration under {@code intentops.*}, filled from the environment by
 * {@code application.properties} ({@code MODEL_PATH}, {@code MODEL_VERSION}, {@code MAX_TOKENS},
 * {@code ENABLE_BATCH}, {@code DRIFT_THRESHOLD}, {@code CALIBRATION_PARAMS_PATH} and the feature flags
 * {@code ENABLE_AB_ROUTING}, {@code ENABLE_QUANTIZED_MODEL}, {@code ENABLE_EXPLAINABILITY}). Immutable;
 * validated when bound.
 *
 * @param model which bundle to serve and its input limits
 * @param candidate the optional second version for A/B routing
 * @param batch the batch endpoint
 * @param rateLimit request rates of the two prediction endpoints
 * @param limits HTTP request limits
 * @param drift prediction-drift monitoring
 * @param calibration serving-time calibration overrides
 * @param features feature flags
 * @param slo the candidate's SLO and the alarm rule (see {@code docs/router.md})
 */
@ConfigurationProperties("intentops")
public record ServiceProperties(
    @DefaultValue Model model,
    @DefaultValue Candidate candidate,
    @DefaultValue Batch batch,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue Limits limits,
    @DefaultValue Drift drift,
    @DefaultValue Calibration calibration,
    @DefaultValue Features features,
    @DefaultValue Slo slo) {

  /**
   * The served bundle.
   *
   * @param path bundle directory ({@code MODEL_PATH}); empty when a {@link ModelProvider} bean supplies the model
   * @param version expected model version ({@code MODEL_VERSION}); the service refuses a bundle with another one
   * @param quantizedPath bundle served instead of {@code path} when {@code enable_quantized_model} is on
   * @param maxTokens token limit ({@code MAX_TOKENS}); longer texts are truncated and flagged
   * @param maxChars character limit; longer texts are rejected with 400
   * @param cacheEntries prediction cache size, 0 to disable
   * @param nerPath NER bundle ({@code NER_MODEL_PATH}: a directory or {@code classpath:<folder>}); empty for none
   */
  public record Model(
      @DefaultValue("") String path,
      @DefaultValue("") String version,
      @DefaultValue("") String quantizedPath,
      @DefaultValue("128") int maxTokens,
      @DefaultValue("2000") int maxChars,
      @DefaultValue("10000") long cacheEntries,
      @DefaultValue("") String nerPath) {}

  /**
   * A second version served to a share of traffic when {@code enable_ab_routing} is on.
   *
   * @param path bundle directory ({@code CANDIDATE_MODEL_PATH}); empty for none
   * @param weightBps its share in basis points ({@code CANDIDATE_WEIGHT_BPS})
   */
  public record Candidate(@DefaultValue("") String path, @DefaultValue("1000") int weightBps) {
    public Candidate {
      if (weightBps < 0 || weightBps > 10_000) {
        throw new ConfigurationException("intentops.candidate.weight-bps must be in [0, 10000], got " + weightBps);
      }
    }
  }

  /**
   * The batch endpoint.
   *
   * @param enabled whether {@code /v1/intents:batchPredict} answers ({@code ENABLE_BATCH})
   * @param maxItems most texts in one batch request
   */
  public record Batch(@DefaultValue("true") boolean enabled, @DefaultValue("64") int maxItems) {
    public Batch {
      if (maxItems < 1) {
        throw new ConfigurationException("intentops.batch.max-items must be >= 1, got " + maxItems);
      }
    }
  }

  /**
   * Token buckets (capacity = rate, refilled greedily every second) shared by all clients.
   *
   * @param predictPerSecond single predictions and entity extractions per second
   * @param batchPerSecond batch requests per second
   */
  public record RateLimit(@DefaultValue("200") long predictPerSecond, @DefaultValue("5") long batchPerSecond) {
    public RateLimit {
      if (predictPerSecond < 1 || batchPerSecond < 1) {
        throw new ConfigurationException("intentops.rate-limit rates must be >= 1 per second, got predict="
            + predictPerSecond + " batch=" + batchPerSecond);
      }
    }
  }

  /**
   * HTTP limits.
   *
   * @param maxRequestBytes largest request body; larger bodies get 413
   */
  public record Limits(@DefaultValue("65536") long maxRequestBytes) {
    public Limits {
      if (maxRequestBytes < 1) {
        throw new ConfigurationException("intentops.limits.max-request-bytes must be >= 1, got " + maxRequestBytes);
      }
    }
  }

  /**
   * Drift of the predicted-class distribution (PSI of the latest {@code windowSize} predictions
   * against the first {@code baselineSize} served).
   *
   * @param threshold PSI above which drift is flagged ({@code DRIFT_THRESHOLD})
   * @param baselineSize predictions in the baseline
   * @param windowSize predictions in the moving current sample
   */
  public record Drift(@DefaultValue("0.25") double threshold, @DefaultValue("500") int baselineSize,
      @DefaultValue("500") int windowSize) {
    public Drift {
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new ConfigurationException("intentops.drift.threshold must be a positive number, got " + threshold);
      }
      if (baselineSize < 1 || windowSize < 1) {
        throw new ConfigurationException("intentops.drift sizes must be >= 1, got baseline=" + baselineSize
            + " window=" + windowSize);
      }
    }
  }

  /**
   * Serving-time calibration.
   *
   * @param paramsPath JSON file ({@code CALIBRATION_PARAMS_PATH}) with {@code oos_threshold}; empty for the bundle's
   */
  public record Calibration(@DefaultValue("") String paramsPath) {}

  /**
   * Feature flags.
   *
   * @param enableAbRouting serve {@link Candidate} next to the stable model ({@code enable_ab_routing})
   * @param enableQuantizedModel serve {@link Model#quantizedPath()} ({@code enable_quantized_model})
   * @param enableExplainability add top-k alternatives and OOS scores to responses ({@code enable_explainability})
   */
  public record Features(@DefaultValue("false") boolean enableAbRouting,
      @DefaultValue("false") boolean enableQuantizedModel, @DefaultValue("false") boolean enableExplainability) {}

  /**
   * The candidate's SLO.
   *
   * @param maxP95Millis p95 latency limit in milliseconds
   * @param maxServerErrorRate server-error share limit
   * @param windowSeconds evaluation window length in seconds
   * @param breachingWindows breaching windows that fire the rollback
   * @param minRequestsPerWindow windows with fewer requests are inconclusive
   */
  public record Slo(@DefaultValue("150") long maxP95Millis, @DefaultValue("0.005") double maxServerErrorRate,
      @DefaultValue("60") long windowSeconds, @DefaultValue("5") int breachingWindows,
      @DefaultValue("100") long minRequestsPerWindow) {}
}
