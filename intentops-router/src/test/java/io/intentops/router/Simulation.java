package io.intentops.router;

import io.intentops.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Drives a router with a {@link ManualClock}: requests arrive on a fixed schedule (keys cycle through
 * {@code keySpace} users), predictors advance the clock by their latency, and the controller ticks
 * whenever a new second starts. Single-threaded, hence deterministic.
 */
final class Simulation {
  final ManualClock clock;
  final Router<String, String> router;
  final List<RouterEvent> events = new CopyOnWriteArrayList<>();
  long requests;
  long fellBack;
  private long next;
  private final int keySpace;
  private long lastTickSecond = Long.MIN_VALUE;
  private long cursor; // scheduled time: runs are back to back even when a slow request overshoots

  Simulation(ManualClock clock, Router<String, String> router, int keySpace) {
    this.clock = clock;
    this.cursor = clock.millis();
    this.router = router;
    this.keySpace = keySpace;
    router.addListener(new RouterListener() {
      @Override
      public void onEvent(RouterEvent event) {
        events.add(event);
      }
    });
  }

  /** Sends {@code perMinute} requests per minute for {@code d}; {@code beforeEach} sees the arrival epoch millis. */
  Simulation run(Duration d, int perMinute, LongConsumer beforeEach) {
    long periodMillis = 60_000L / perMinute;
    long end = cursor + d.toMillis();
    long arrival = cursor;
    cursor = end;
    while (arrival < end) {
      long now = clock.millis();
      if (arrival > now) {
        tickEachSecondUntil(arrival);
      }
      beforeEach.accept(clock.millis());
      Routed<String> r = router.route("user-" + (next++ % keySpace), "hello");
      requests++;
      if (r.fellBack()) {
        fellBack++;
      }
      tickIfNewSecond();
      arrival += periodMillis;
    }
    tickEachSecondUntil(end);
    return this;
  }

  Simulation run(Duration d, int perMinute) {
    return run(d, perMinute, t -> { });
  }

  private void tickEachSecondUntil(long target) {
    while (clock.millis() < target) {
      long step = Math.min(target - clock.millis(), 1000 - Math.floorMod(clock.millis(), 1000L));
      clock.advanceMillis(step);
      tickIfNewSecond();
    }
  }

  private void tickIfNewSecond() {
    long sec = Math.floorDiv(clock.millis(), 1000L);
    if (sec != lastTickSecond) {
      lastTickSecond = sec;
      router.controller().tick();
    }
  }

  List<RouterEvent> events(RouterEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  Instant now() {
    return clock.instant();
  }
}
