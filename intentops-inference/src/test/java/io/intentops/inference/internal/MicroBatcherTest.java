package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aLoneRequestDoesNotIdleForTheBatchWindow() throws Exception {
    // With a one-hour window, a lone request would wait an hour if the window applied to it.
    try (MicroBatcher<String> b = new MicroBatcher<>(8, HOUR, t -> t.stream().map(String::toUpperCase).toList(), "lone")) {
      assertThat(b.submit("a").get(60, TimeUnit.SECONDS)).isEqualTo("A");
      assertThat(b.submit("b").get(60, TimeUnit.SECONDS)).isEqualTo("B");
    }
  }

  @Test
  void requestsThatArriveDuringARunShareTheNextBatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    try (MicroBatcher<String> b = new MicroBatcher<>(8, Duration.ZERO, t -> {
      sizes.add(t.size());
      if (sizes.size() == 1) {
        try {
          release.await(60, TimeUnit.SECONDS); // hold the first run while two more requests queue up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return t.stream().map(String::toUpperCase).toList();
    }, "overlap")) {
      CompletableFuture<String> first = b.submit("a");
      while (sizes.isEmpty()) {
        Thread.onSpinWait(); // the worker has taken "a" and is inside the batch function
      }
      CompletableFuture<String> second = b.submit("b");
      CompletableFuture<String> third = b.submit("c");
      release.countDown();
      assertThat(List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS),
          third.get(60, TimeUnit.SECONDS))).containsExactly("A", "B", "C");
      assertThat(sizes).containsExactly(1, 2);
    }
  }
}
