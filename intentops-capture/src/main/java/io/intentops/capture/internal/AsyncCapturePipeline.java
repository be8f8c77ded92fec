package io.intentops.capture.internal;

import io.intentops.capture.CapturePipeline;
import io.intentops.capture.CaptureStats;
import io.intentops.capture.Sampling;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.CaptureSink;
import io.intentops.core.capture.Feedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bounded-queue pipeline; see {@link CapturePipeline}. */
public final class AsyncCapturePipeline implements CapturePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncCapturePipeline.class);

  private final List<CaptureSink> sinks;
  private final UnaryOperator<String> redactor;
  private final ArrayBlockingQueue<CaptureEvent> queue;
  private final int batchSize;
  private final double sampleRate;
  private final long sampleSeed;
  private final Duration drainTimeout;
  private final LongAdder offered = new LongAdder();
  private final LongAdder sampledOut = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  // enqueued is bumped after a successful offer; done counts events the worker finished (delivered or
  // discarded), so flush can wait for "done >= enqueued as of the call".
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong redactionFailures = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final Object progress = new Object();
  private final Thread worker;
  private volatile boolean closed;
  private boolean sinksClosed;

  public AsyncCapturePipeline(List<CaptureSink> sinks, UnaryOperator<String> redactor, int queueCapacity,
      int batchSize, double sampleRate, long sampleSeed, Duration drainTimeout) {
    this.sinks = sinks;
    this.redactor = redactor;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.batchSize = batchSize;
    this.sampleRate = sampleRate;
    this.sampleSeed = sampleSeed;
    this.drainTimeout = drainTimeout;
    this.worker = new Thread(this::run, "intentops-capture");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void accept(CaptureEvent event) {
    offered.increment();
    if (closed) {
      dropped.increment();
      return;
    }
    if (event instanceof CaptureRecord r && !Sampling.keep(r.requestId(), sampleRate, sampleSeed)) {
      sampledOut.increment();
      return;
    }
    if (queue.offer(event)) {
      enqueued.incrementAndGet();
    } else {
      dropped.increment();
    }
  }

  private void run() {
    List<CaptureEvent> batch = new ArrayList<>(batchSize);
    while (true) {
      try {
        CaptureEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        deliver(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        done.addAndGet(batch.size());
        batch.clear();
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    }
  }

  private void deliver(List<CaptureEvent> batch) {
    List<CaptureEvent> clean = new ArrayList<>(batch.size());
    for (CaptureEvent e : batch) {
      CaptureEvent r = redact(e);
      if (r != null) {
        clean.add(r);
      }
    }
    if (clean.isEmpty()) {
      return;
    }
    for (CaptureSink s : sinks) {
      try {
        s.acceptAll(clean);
      } catch (RuntimeException ex) {
        // A failing sink must not stop the others nor the request path; it is counted and logged.
        if (sinkFailures.getAndIncrement() == 0 || LOG.isDebugEnabled()) {
          LOG.warn("Capture sink {} failed a batch of {} events: {}", s, clean.size(), ex.toString());
        }
      }
    }
    delivered.addAndGet(clean.size());
  }

  private @Nullable CaptureEvent redact(CaptureEvent e) {
    try {
      if (e instanceof CaptureRecord r) {
        return r.withText(redactor);
      }
      Feedback f = (Feedback) e;
      return f.correctedLabel() == null ? f
          : new Feedback(f.requestId(), f.time(), f.modelVersion(), f.kind(), redactor.apply(f.correctedLabel()));
    } catch (RuntimeException ex) {
      redactionFailures.incrementAndGet();
      return null; // never pass on text that could not be redacted
    }
  }

  @Override
  public CaptureStats stats() {
    return new CaptureStats(offered.sum(), sampledOut.sum(), dropped.sum(), redactionFailures.get(), delivered.get(),
        sinkFailures.get(), queue.size());
  }

  @Override
  public void flush() {
    awaitDrained(enqueued.get());
    for (CaptureSink s : sinks) {
      try {
        s.flush();
      } catch (RuntimeException ex) {
        sinkFailures.incrementAndGet();
        LOG.warn("Capture sink {} failed to flush: {}", s, ex.toString());
      }
    }
  }

  private void awaitDrained(long target) {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    synchronized (progress) {
      while (done.get() < target && worker.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("Capture queue did not drain within {} ({} events left)", drainTimeout, target - done.get());
          return;
        }
        try {
          progress.wait(Math.max(1, Math.min(50, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (sinksClosed) {
      return;
    }
    closed = true;
    awaitDrained(enqueued.get());
    try {
      worker.join(drainTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // An accept that raced with close may have queued after the worker's last look: count, never deliver late.
    for (CaptureEvent e; (e = queue.poll()) != null; ) {
      dropped.increment();
      done.incrementAndGet();
    }
    sinksClosed = true;
    for (CaptureSink s : sinks) {
      try {
        s.close();
      } catch (RuntimeException ex) {
        sinkFailures.incrementAndGet();
        LOG.warn("Capture sink {} failed to close: {}", s, ex.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "CapturePipeline" + stats();
  }
}
