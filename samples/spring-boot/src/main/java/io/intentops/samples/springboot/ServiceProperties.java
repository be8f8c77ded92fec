package io.intentops.samples.springboot;

import io.intentops.core.ConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own HTTP settings under {@code intentops.*}; everything about models, routing, drift and
 * calibration is the starter's ({@code IntentOpsProperties}, docs/spring-boot.md). Immutable; validated
 * when bound.
 *
 * @param batch the batch endpoint
 * @param rateLimit request rates of the two prediction endpoints
 * @param limits HTTP request limits
 */
@ConfigurationProperties("intentops")
public record ServiceProperties(
    @DefaultValue Batch batch,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue Limits limits) {

  /**
   * The batch endpoint. {@code intentops.batch.enabled} ({@code ENABLE_BATCH}) is shared with the starter,
   * where it switches micro-batching on: with it the endpoint answers and concurrent texts share runs.
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
}
