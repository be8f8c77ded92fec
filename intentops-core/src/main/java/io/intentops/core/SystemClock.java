package io.intentops.core;

import java.time.Instant;

/** The JVM's clocks. A singleton; package-private so the public surface stays {@link Clock#system()}. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
