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
 * With several lanes, as many workers take batches from the one queue and run them side by side, each
 * batch holding at most {@code ceil(maxBatch / lanes)} requests so that concurrent callers spread over
 * the lanes instead of filling one. Thread-safe.
 */
final class MicroBatcher<R> implements AutoCloseable {
  private record Job<R>(String text, CompletableFuture<R> future) {}

  private final LinkedBlockingQueue<Job<R>> queue = new LinkedBlockingQueue<>();
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Function<List<String>, List<R>> batchFn;
  private final List<Thread> workers;
  private final Object submitLock = new Object();
  private volatile boolean closed;

  MicroBatcher(int maxBatch, Duration maxWait, Function<List<String>, List<R>> batchFn, String name) {
    this(maxBatch, maxWait, 1, batchFn, name);
  }

  MicroBatcher(int maxBatch, Duration maxWait, int lanes, Function<List<String>, List<R>> batchFn, String name) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
    }
    this.maxBatch = Math.max(1, (maxBatch + lanes - 1) / lanes);
    this.maxWaitNanos = maxWait.toNanos();
    this.batchFn = batchFn;
    List<Thread> ws = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      Thread w = new Thread(this::loop, "intentops-microbatch-" + name + (lanes > 1 ? "-" + i : ""));
      w.setDaemon(true);
      ws.add(w);
    }
    this.workers = List.copyOf(ws);
    workers.forEach(Thread::start);
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (Thread w : workers) {
        w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
