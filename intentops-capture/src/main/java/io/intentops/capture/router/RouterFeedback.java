package io.intentops.capture.router;

import io.intentops.capture.OnlineAccuracy;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureSink;
import io.intentops.core.capture.Feedback;
import io.intentops.router.AbTest;
import io.intentops.router.AbTestResult;
import io.intentops.router.Outcome;
import io.intentops.router.Router;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds captured feedback to a router's A/B counters, so {@link Router#abTest} with
 * {@link Outcome.Metric#THUMBS} sees it: thumbs up is {@link Outcome#THUMBS_UP}, thumbs down and a
 * correction are {@link Outcome#THUMBS_DOWN}. As a sink behind a capture pipeline it forwards live
 * feedback; {@link #replay} puts stored feedback back after a restart (the router's counters are in
 * memory). Feedback for a version the router does not know is counted in {@link #ignored()}. For an
 * A/B comparison with one verdict per request use {@link #abTest(OnlineAccuracy, ModelVersion,
 * ModelVersion, double, long)}. Thread-safe.
 */
public final class RouterFeedback implements CaptureSink {
  private final Router<?, ?> router;
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder ignored = new LongAdder();

  private RouterFeedback(Router<?, ?> router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  /** A sink forwarding feedback to {@code router}. */
  public static RouterFeedback to(Router<?, ?> router) {
    return new RouterFeedback(router);
  }

  /** Forwards the feedback among {@code events} (e.g. {@code CaptureFiles.read(dir).events()}); returns how many. */
  public static long replay(Router<?, ?> router, Iterable<? extends CaptureEvent> events) {
    RouterFeedback f = to(router);
    events.forEach(f::accept);
    return f.forwarded();
  }

  @Override
  public void accept(CaptureEvent event) {
    if (!(event instanceof Feedback f)) {
      return;
    }
    Outcome o = f.kind() == Feedback.Kind.THUMBS_UP ? Outcome.THUMBS_UP : Outcome.THUMBS_DOWN;
    try {
      router.recordOutcome(f.modelVersion(), o);
      forwarded.increment();
    } catch (IntentOpsException notRegistered) {
      ignored.increment();
    }
  }

  /** Feedback events forwarded. */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Feedback for versions the router does not know. */
  public long ignored() {
    return ignored.sum();
  }

  /**
   * The router's two-proportion z-test ({@link AbTest}) over persisted, de-duplicated feedback: the
   * correct verdicts of each version out of its judged requests.
   */
  public static AbTestResult abTest(OnlineAccuracy accuracy, ModelVersion control, ModelVersion treatment, double alpha,
      long minSamplesPerArm) {
    OnlineAccuracy.Estimate c = accuracy.estimate(control);
    OnlineAccuracy.Estimate t = accuracy.estimate(treatment);
    return AbTest.compare(c.correct(), c.judged(), t.correct(), t.judged(), alpha, minSamplesPerArm);
  }
}
