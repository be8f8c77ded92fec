package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
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

  @Test
  void lanesRunBatchesSideBySideAndCapEachAtItsShare() throws Exception {
    // Two lanes, maxBatch 8: each batch holds at most 4; both lanes must be inside the batch function at
    // once (the first two runs wait for each other), and every request is answered exactly once.
    CountDownLatch bothIn = new CountDownLatch(2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    try (MicroBatcher<String> b = new MicroBatcher<>(8, Duration.ofMillis(50), 2, t -> {
      int now = inside.incrementAndGet();
      maxInside.accumulateAndGet(now, Math::max);
      sizes.add(t.size());
      bothIn.countDown();
      try {
        bothIn.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inside.decrementAndGet();
      return t.stream().map(String::toUpperCase).toList();
    }, "lanes")) {
      List<CompletableFuture<String>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(b.submit("t" + i));
      }
      for (int i = 0; i < 16; i++) {
        assertThat(fs.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("T" + i);
      }
      assertThat(maxInside.get()).isEqualTo(2);
      assertThat(sizes).allMatch(n -> n >= 1 && n <= 4);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
    }
  }

  @Test
  void closingALanedBatcherFailsWhatIsStillQueued() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MicroBatcher<String> b = new MicroBatcher<>(2, Duration.ZERO, 2, t -> {
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return t;
    }, "close");
    List<CompletableFuture<String>> fs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      fs.add(b.submit("t" + i));
    }
    Thread closer = new Thread(b::close);
    closer.start();
    release.countDown();
    closer.join(30_000);
    assertThat(closer.isAlive()).isFalse();
    for (CompletableFuture<String> f : fs) {
      assertThat(f).isDone(); // answered or failed, never left hanging
    }
  }
}
