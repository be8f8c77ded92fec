package io.intentops.samples.springboot;

import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.router.AbTestResult;
import io.intentops.router.Outcome;
import io.intentops.router.Router;
import io.intentops.spring.boot.autoconfigure.IntentOpsProperties;
import io.intentops.spring.boot.autoconfigure.IntentOpsService;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The prediction API on top of the starter's {@link IntentOpsService}. Every intent request goes
 * through the router, so SLO windows, fallback, rollback and the {@code intentops.router.*} meters see
 * it; the batch endpoint routes each text (one routing decision per text, same key) and draws from its
 * own rate limit. Nothing is answered (503) until the starter's warm-up is done. Errors become RFC 7807
 * problem details in {@link ProblemHandler}.
 */
@RestController
public class IntentController {
  private final IntentOpsService intentops;
  private final IntentOpsWarmup warmup;
  private final ServiceProperties props;
  private final int maxChars;
  private final RateLimits limits;
  private final MeterRegistry registry;

  public IntentController(IntentOpsService intentops, IntentOpsWarmup warmup, ServiceProperties props,
      IntentOpsProperties starter, RateLimits limits, MeterRegistry registry) {
    this.intentops = intentops;
    this.warmup = warmup;
    this.props = props;
    this.maxChars = starter.getModel().getMaxChars();
    this.limits = limits;
    this.registry = registry;
  }

  /** Classifies one text. */
  @PostMapping(path = "/v1/intents:predict", consumes = "application/json", produces = "application/json")
  public Api.IntentResponse predict(@RequestBody Api.TextRequest req) {
    limits.acquire(RateLimits.Endpoint.PREDICT);
    requireReady();
    return answer(intentops.predict(req.userId(), checkLength(req.text())));
  }

  /** Classifies up to {@code intentops.batch.max-items} texts. */
  @PostMapping(path = "/v1/intents:batchPredict", consumes = "application/json", produces = "application/json")
  public Api.BatchResponse batchPredict(@RequestBody Api.BatchRequest req) {
    if (!props.batch().enabled()) {
      throw new BatchDisabledException();
    }
    limits.acquire(RateLimits.Endpoint.BATCH);
    List<String> texts = req.texts();
    if (texts == null || texts.isEmpty()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "texts must be a non-empty array");
    }
    if (texts.size() > props.batch().maxItems()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "texts has " + texts.size() + " items; the limit is " + props.batch().maxItems());
    }
    requireReady();
    List<Api.IntentResponse> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(answer(intentops.predict(req.userId(), checkLength(texts.get(i)))));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.reason(), "texts[" + i + "]: " + e.getMessage());
      }
    }
    return new Api.BatchResponse(out);
  }

  /**
   * Which words made the prediction (with {@code enable_explainability}; 404 otherwise): per word, its
   * character offsets into the text and its attribution to the predicted intent and to the OOS score,
   * from the version the router chooses for {@code userId}. Costs about (words + 1) texts of model time.
   */
  @PostMapping(path = "/v1/intents:explain", consumes = "application/json", produces = "application/json")
  public Api.ExplanationResponse explain(@RequestBody Api.TextRequest req) {
    limits.acquire(RateLimits.Endpoint.PREDICT);
    requireReady();
    return Api.ExplanationResponse.of(intentops.explain(req.userId(), checkLength(req.text())));
  }

  /** Extracts entities from one text. */
  @PostMapping(path = "/v1/entities:extract", consumes = "application/json", produces = "application/json")
  public Api.EntitiesResponse extract(@RequestBody Api.TextRequest req) {
    limits.acquire(RateLimits.Endpoint.PREDICT);
    requireReady();
    Predictor<String, NerResult> ner = intentops.runtime().ner();
    if (ner == null) {
      throw new ModelNotReadyException("No NER model is loaded in this service");
    }
    return Api.EntitiesResponse.of(ner.predict(checkLength(req.text())));
  }

  /** Records a thumbs up/down for the version that answered, for the router's A/B test. */
  @PostMapping(path = "/v1/feedback", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Api.FeedbackResponse feedback(@RequestBody Api.FeedbackRequest req) {
    if (req.modelVersion() == null) {
      throw new InvalidInputException(InvalidInputException.Reason.NULL, "modelVersion is required");
    }
    ModelVersion version = ModelVersion.parse(req.modelVersion());
    Outcome outcome = switch (req.rating() == null ? "" : req.rating().toLowerCase(Locale.ROOT)) {
      case "up" -> Outcome.THUMBS_UP;
      case "down" -> Outcome.THUMBS_DOWN;
      default -> throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "rating must be 'up' or 'down', got " + (req.rating() == null ? "nothing" : "'" + abbreviate(req.rating()) + "'"));
    };
    requireReady();
    Router<String, IntentPrediction> router = intentops.runtime().router();
    if (!router.versions().contains(version)) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "modelVersion " + version + " is not served here; served: " + router.versions());
    }
    router.recordOutcome(version, outcome);
    Counter.builder("intentops.service.feedback").tag("version", version.toString())
        .tag("rating", outcome == Outcome.THUMBS_UP ? "up" : "down").register(registry).increment();
    AbTestResult ab = null;
    var state = router.state();
    if (!state.candidates().isEmpty()) {
      ab = router.abTest(Outcome.Metric.THUMBS, state.stable(), state.candidates().get(0).version());
    }
    return new Api.FeedbackResponse(version.toString(), outcome.name(), ab);
  }

  // Calibration overrides and drift recording are the starter's (IntentOpsService.predict).
  private Api.IntentResponse answer(IntentOpsService.Answer a) {
    IntentPrediction p = a.prediction();
    Counter.builder("intentops.service.predictions").tag("version", p.modelVersion().toString())
        .tag("oos", Boolean.toString(p.outOfScope())).register(registry).increment();
    return Api.IntentResponse.of(p, a.routed().fellBack(), intentops.explainability());
  }

  private void requireReady() {
    switch (warmup.state()) {
      case DONE -> { }
      case FAILED -> throw new ModelNotReadyException("The model failed its warm-up: " + warmup.failure());
      default -> throw new ModelNotReadyException(
          "The model is warming up; retry when /actuator/health/readiness is UP");
    }
  }

  // The service's own character limit (MAX_CHARS), whatever limits the supplied predictor has; the
  // predictor still validates null, blank and invalid UTF-16 so the router counts those client errors.
  private @org.jspecify.annotations.Nullable String checkLength(@org.jspecify.annotations.Nullable String text) {
    int max = maxChars;
    if (text != null && text.length() > max) {
      throw new InvalidInputException(InvalidInputException.Reason.TOO_LONG,
          "Text has " + text.length() + " characters; the limit is " + max);
    }
    return text;
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 29) + "...";
  }

  /** The batch endpoint is switched off ({@code ENABLE_BATCH=false}); answered with 404. */
  static final class BatchDisabledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BatchDisabledException() {
      super("The batch endpoint is disabled (ENABLE_BATCH=false)");
    }
  }
}
