package io.intentops.router.internal;

import io.intentops.core.Clock;
import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.router.RequestOutcome;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterConfig;
import io.intentops.router.RouterListener;
import java.util.function.Predicate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The request path: picks a version from the published {@link RoutingTable} (one volatile read), calls
 * it, falls back to stable, and records the outcome in the version's per-second counters. No locks.
 */
final class RequestPath<I, O> {
  private final RouterCore<I, O> core;
  private final Clock clock;
  private final RouterConfig config;
  private final SeededRandom random;
  private final long timeoutNanos;
  private final @Nullable ExecutorService timeoutExecutor;
  private final @Nullable Function<? super O, String> labelOf;
  private final @Nullable Predicate<? super O> outOfScope;
  @Nullable ShadowRunner<I, O> shadow; // set once, before the router is returned to the caller

  RequestPath(RouterCore<I, O> core, SeededRandom random, @Nullable ExecutorService timeoutExecutor,
      @Nullable Function<? super O, String> labelOf, @Nullable Predicate<? super O> outOfScope) {
    this.core = core;
    this.clock = core.clock;
    this.config = core.config;
    this.random = random;
    Duration timeout = config.fallbackTimeout();
    this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
    this.timeoutExecutor = timeoutExecutor;
    this.labelOf = labelOf;
    this.outOfScope = outOfScope;
  }


  @SuppressWarnings("unchecked")
  O predict(@Nullable String routingKey, I input) {
    return (O) dispatch(routingKey, null, input, false);
  }

  Routed<O> route(@Nullable String routingKey, I input) {
    return route(routingKey, null, input);
  }

  @SuppressWarnings("unchecked")
  Routed<O> route(@Nullable String routingKey, @Nullable String segment, I input) {
    return (Routed<O>) dispatch(routingKey, segment, input, true);
  }

  /** The request path; returns the bare output, or a {@link Routed} when asked (predict() allocates nothing). */
  private Object dispatch(@Nullable String routingKey, @Nullable String segment, I input, boolean routed) {
    if (core.closed) {
      throw new InferenceException("Router is closed");
    }
    RoutingTable<I, O> t = core.table.get();
    VersionSlot<I, O> chosen = pick(t, routingKey, segment);
    VersionSlot<I, O> stable = t.stable;
    if (chosen == stable) {
      O out = callStable(stable, input);
      if (shadow != null) {
        shadow.maybeMirror(input, out);
      }
      return routed ? new Routed<>(out, stable.version, stable.version, false) : out;
    }
    long t0 = clock.nanoTime();
    O out;
    try {
      out = timeoutExecutor == null ? chosen.predictor.predict(input) : callBounded(chosen, input);
      if (out == null) {
        throw new InferenceException("Version " + chosen.version + " returned null");
      }
    } catch (InvalidInputException e) {
      record(chosen, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
      throw e;
    } catch (RuntimeException e) {
      long elapsed = clock.nanoTime() - t0;
      record(chosen, RequestOutcome.SERVER_ERROR, e instanceof TimedOut ? Math.max(elapsed, timeoutNanos) : elapsed);
      if (!config.fallbackToStable()) {
        throw e;
      }
      return fallback(chosen, stable, input, routed);
    }
    long latency = clock.nanoTime() - t0;
    if (timeoutNanos > 0 && latency > timeoutNanos) {
      record(chosen, RequestOutcome.SERVER_ERROR, latency);
      if (!config.fallbackToStable()) {
        throw new InferenceException("Version " + chosen.version + " took " + latency / 1_000_000
            + " ms, over the fallback timeout of " + timeoutNanos / 1_000_000 + " ms");
      }
      return fallback(chosen, stable, input, routed);
    }
    record(chosen, RequestOutcome.SUCCESS, latency);
    observeOutput(chosen, out);
    return routed ? new Routed<>(out, chosen.version, chosen.version, false) : out;
  }

  /** Why: the caller must stop waiting for a hung candidate; the interrupt is best effort. */
  private O callBounded(VersionSlot<I, O> slot, I input) {
    Future<O> f;
    try {
      f = timeoutExecutor.submit(() -> slot.predictor.predict(input));
    } catch (RejectedExecutionException e) {
      throw new InferenceException("Version " + slot.version + ": timeout executor rejected the call", e);
    }
    try {
      return f.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new TimedOut("Version " + slot.version + " did not answer within " + timeoutNanos / 1_000_000 + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new InferenceException("Version " + slot.version + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InferenceException("Interrupted while waiting for version " + slot.version, e);
    }
  }

  /** A candidate that did not answer within the fallback timeout. */
  private static final class TimedOut extends InferenceException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private Object fallback(VersionSlot<I, O> from, VersionSlot<I, O> stable, I input, boolean routed) {
    for (RouterListener l : core.listeners) {
      try {
        l.onFallback(from.version, stable.version);
      } catch (RuntimeException e) {
        core.listenerFailed(l, e);
      }
    }
    O out = callStable(stable, input);
    return routed ? new Routed<>(out, stable.version, from.version, true) : out;
  }

  private O callStable(VersionSlot<I, O> stable, I input) {
    long t0 = clock.nanoTime();
    O out;
    try {
      out = stable.predictor.predict(input);
      if (out == null) {
        throw new InferenceException("Version " + stable.version + " returned null");
      }
    } catch (InvalidInputException e) {
      record(stable, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
      throw e;
    } catch (RuntimeException e) {
      record(stable, RequestOutcome.SERVER_ERROR, clock.nanoTime() - t0);
      throw e;
    }
    record(stable, RequestOutcome.SUCCESS, clock.nanoTime() - t0);
    observeOutput(stable, out);
    return out;
  }

  /** Shadow path: predicts and records, returning null on any failure. */
  @Nullable O callRecorded(VersionSlot<I, O> slot, I input) {
    long t0 = clock.nanoTime();
    try {
      O out = slot.predictor.predict(input);
      long latency = clock.nanoTime() - t0;
      boolean late = timeoutNanos > 0 && latency > timeoutNanos;
      record(slot, out == null || late ? RequestOutcome.SERVER_ERROR : RequestOutcome.SUCCESS, latency);
      if (out != null && !late) {
        observeOutput(slot, out);
      }
      return late ? null : out;
    } catch (InvalidInputException e) {
      record(slot, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
    } catch (RuntimeException e) {
      record(slot, RequestOutcome.SERVER_ERROR, clock.nanoTime() - t0);
    }
    return null;
  }

  /** Quality guardrail inputs: the label and out-of-scope flag of a successful output (user functions; failures ignored). */
  private void observeOutput(VersionSlot<I, O> slot, O out) {
    try {
      if (labelOf != null) {
        String label = labelOf.apply(out);
        slot.recordLabel(label == null ? "(null)" : label);
      }
      if (outOfScope != null && outOfScope.test(out)) {
        slot.outOfScope.increment();
      }
    } catch (RuntimeException e) {
      // A broken label function must not fail the request; the guardrail simply sees fewer outputs.
      core.listenerFailures.increment();
    }
  }

  private VersionSlot<I, O> pick(RoutingTable<I, O> t, @Nullable String key, @Nullable String segment) {
    if (!t.overrides.isEmpty()) {
      VersionSlot<I, O> forced = segment == null ? null : t.overrides.get(segment);
      if (forced == null && key != null) {
        forced = t.overrides.get(key);
      }
      if (forced != null) {
        return forced;
      }
    }
    if (t.upper.length == 0) {
      return t.stable;
    }
    int bucket = key == null ? random.nextInt(Bucketing.BUCKETS) : Bucketing.bucket(key, config.salt());
    return t.forBucket(bucket);
  }

  private void record(VersionSlot<I, O> slot, RequestOutcome outcome, long latencyNanos) {
    slot.metrics.record(clock.millis(), outcome, latencyNanos);
    for (RouterListener l : core.listeners) {
      try {
        l.onRequest(slot.version, outcome, latencyNanos);
      } catch (RuntimeException e) {
        core.listenerFailed(l, e);
      }
    }
  }

  ModelVersion select(@Nullable String routingKey, @Nullable String segment) {
    return pick(core.table.get(), routingKey, segment).version;
  }
}
