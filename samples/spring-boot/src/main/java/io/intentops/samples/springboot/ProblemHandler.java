package io.intentops.samples.springboot;

import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps failures to RFC 7807 problem details ({@code application/problem+json}):
 * {@link InvalidInputException} → 400 with its {@code reason}; malformed JSON → 400; a body over the
 * size limit → 413; an exhausted rate limit → 429 with {@code Retry-After}; {@link InferenceException}
 * and a model that is not loaded → 503; the disabled batch endpoint and explanations switched off → 404. Spring MVC's own errors
 * (wrong method, media type, unknown path) keep their status with a problem body.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalidInput(InvalidInputException e) {
    ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
    pd.setProperty("reason", e.reason().name());
    return pd;
  }

  @ExceptionHandler(InferenceException.class)
  ProblemDetail inference(InferenceException e) {
    LOG.warn("Inference failed: {}", e.getMessage());
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Inference failed", e.getMessage());
  }

  @ExceptionHandler(ModelNotReadyException.class)
  ProblemDetail notReady(ModelNotReadyException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, "Model not available", e.getMessage());
  }

  @ExceptionHandler(IntentController.BatchDisabledException.class)
  ProblemDetail batchDisabled(IntentController.BatchDisabledException e) {
    return problem(HttpStatus.NOT_FOUND, "Batch endpoint disabled", e.getMessage());
  }

  @ExceptionHandler(io.intentops.spring.boot.autoconfigure.IntentOpsService.ExplainabilityDisabledException.class)
  ProblemDetail explainDisabled(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, "Explanations disabled", e.getMessage());
  }

  @ExceptionHandler(RateLimits.RateLimitedException.class)
  ResponseEntity<ProblemDetail> rateLimited(RateLimits.RateLimitedException e) {
    ProblemDetail pd = problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage());
    pd.setProperty("endpoint", e.endpoint().name().toLowerCase(java.util.Locale.ROOT));
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(pd);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof RequestSizeFilter.PayloadTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
            .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload Too Large", tooLarge.getMessage()));
      }
    }
    // Jackson's message names the line and column; it never contains more than a short token of the body.
    String detail = ex.getMostSpecificCause().getMessage();
    ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Malformed JSON",
        detail == null ? "The request body is not valid JSON" : firstLine(detail));
    pd.setProperty("reason", InvalidInputException.Reason.INVALID_ARGUMENT.name());
    return ResponseEntity.badRequest().body(pd);
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setTitle(title);
    return pd;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String first = nl < 0 ? s : s.substring(0, nl);
    return first.length() <= 300 ? first : first.substring(0, 297) + "...";
  }
}
