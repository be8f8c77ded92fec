package io.intentops.router.internal;

import io.intentops.router.AgreementFunction;
import io.intentops.router.ShadowConfig;
import io.intentops.router.ShadowStats;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Mirrors sampled requests to the shadow version on a bounded pool; a full queue drops and counts. */
final class ShadowRunner<I, O> {
  private final VersionSlot<I, O> slot;
  private final AgreementFunction<O> agreement;
  private final int shareBps;
  private final SeededRandom random;
  private final RequestPath<I, O> router;
  private final ThreadPoolExecutor executor;
  private final LongAdder submitted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder agreed = new LongAdder();

  ShadowRunner(ShadowConfig<O> config, VersionSlot<I, O> slot, SeededRandom random, RequestPath<I, O> router) {
    this.slot = slot;
    this.agreement = config.agreement();
    this.shareBps = config.shareBps();
    this.random = random;
    this.router = router;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(config.queueCapacity()), r -> {
          Thread t = new Thread(r, "intentops-shadow-" + slot.version + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Called on the request thread after the stable version answered; never blocks, never throws. */
  void maybeMirror(I input, O stableOutput) {
    if (shareBps == 0 || (shareBps < 10_000 && random.nextInt(10_000) >= shareBps)) {
      return;
    }
    try {
      executor.execute(() -> run(input, stableOutput));
      submitted.increment();
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  private void run(I input, O stableOutput) {
    O out = router.callRecorded(slot, input);
    if (out == null) {
      failed.increment();
      return;
    }
    completed.increment();
    boolean agrees = false;
    try {
      agrees = agreement.agrees(stableOutput, out);
    } catch (RuntimeException e) {
      // A broken agreement function counts as disagreement; shadow work must never escape.
    }
    if (agrees) {
      agreed.increment();
    } else {
      slot.shadowDisagreed.increment();
    }
    slot.shadowCompared.increment();
  }

  ShadowStats stats() {
    return new ShadowStats(submitted.sum(), dropped.sum(), completed.sum(), failed.sum(), agreed.sum());
  }

  void close() {
    executor.shutdownNow();
  }
}
