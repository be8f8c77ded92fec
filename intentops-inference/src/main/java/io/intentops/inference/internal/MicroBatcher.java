package io.intentops.inference.internal;

import io.intentops.core.InferenceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Collects concurrent single requests into batches: the worker takes the first waiting request, then
 * keeps taking until {@code maxBatch} requests are collected or {@code maxWait} has passed since the
 * first was taken, runs the batch function once and completes every future. When the previous batch
 * held a single request the worker does not wait: it takes only what is already queued, so a lone
 * caller does not pay {@code maxWait} on every request; as soon as requests overlap (a batch of two
 * or more), the next batch waits for companions again. The wait is real time
 * (a blocking queue poll), not the predictor's {@code Clock}: it bounds how long a request may idle.
 * Thread-safe.
 */
final class MicroBatcher<R> implements AutoCloseable {
  private record Job<R>(String text, CompletableFuture<R> future) {}

  private final LinkedBlockingQueue<Job<R>> queue = new LinkedBlockingQueue<>();
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Function<List<String>, List<R>> batchFn;
  private final Thread worker;
  private final Object submitLock = new Object();
  private volatile boolean closed;

  MicroBatcher(int maxBatch, Duration maxWait, Function<List<String>, List<R>> batchFn, String name) {
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.batchFn = batchFn;
    this.worker = new Thread(this::loop, "intentops-microbatch-" + name);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues one text; the future fails with {@link InferenceException} if the batcher closes first. */
  CompletableFuture<R> submit(String text) {
    CompletableFuture<R> f = new CompletableFuture<>();
    synchronized (submitLock) {
      if (closed) {
        throw new InferenceException("Predictor is closed");
      }
      queue.add(new Job<>(text, f));
    }
    return f;
  }

  /** Requests waiting for the next batch (those that arrived while the current one runs). */
  int queued() {
    return queue.size();
  }

  private void loop() {
    List<Job<R>> batch = new ArrayList<>(maxBatch);
    int lastBatch = 0;
    while (!closed) {
      Job<R> first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        continue;
      }
      batch.clear();
      batch.add(first);
      // Why: with no concurrent traffic (last batch was one request) waiting cannot gain a companion,
      // it only adds maxWait to the caller's latency.
      long deadline = System.nanoTime() + (lastBatch > 1 ? maxWaitNanos : 0);
      try {
        while (batch.size() < maxBatch) {
          long rem = deadline - System.nanoTime();
          Job<R> j = rem <= 0 ? queue.poll() : queue.poll(rem, TimeUnit.NANOSECONDS);
          if (j == null) {
            break;
          }
          batch.add(j);
        }
      } catch (InterruptedException e) {
        fail(batch, new InferenceException("Micro-batcher interrupted"));
        break;
      }
      lastBatch = batch.size();
      run(batch);
    }
    List<Job<R>> rest = new ArrayList<>();
    queue.drainTo(rest);
    fail(rest, new InferenceException("Predictor is closed"));
  }

  private void run(List<Job<R>> batch) {
    List<String> texts = new ArrayList<>(batch.size());
    for (Job<R> j : batch) {
      texts.add(j.text());
    }
    try {
      List<R> out = batchFn.apply(texts);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(out.get(i));
      }
    } catch (Throwable t) {
      fail(batch, t);
    }
  }

  private static <R> void fail(List<Job<R>> jobs, Throwable t) {
    for (Job<R> j : jobs) {
      j.future().completeExceptionally(t);
    }
  }

  /** Stops taking requests; queued ones fail; waits briefly for the worker to finish its batch. */
  @Override
  public void close() {
    synchronized (submitLock) {
      closed = true;
    }
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
