package io.intentops.reliability;

import io.intentops.core.InvalidInputException;
import io.intentops.core.Predictor;
import io.intentops.inference.encoder.internal.NativeHandles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Drives one predictor through {@code n} predictions with mixed batch sizes (1, 3, 17, 32) and
 * rejected inputs interleaved, after a warm-up that reaches the largest tensor shape (32 texts at the
 * token limit). Single-threaded, so the native-handle counters must be back at their starting values
 * after every call.
 */
final class Soak {
  static final int[] BATCH_SIZES = {1, 3, 17, 32};

  /** What one soak measured. */
  record Result(String name, long predictions, long calls, long rejected, long rssWarmKb, long rssEndKb,
      long maxOpenResults, long maxExtraTensors, double wallSeconds) {
    double growth() {
      return (rssEndKb - rssWarmKb) / (double) rssWarmKb;
    }

    String line() {
      return String.format(Locale.ROOT, "reliability-soak %s: predictions=%d calls=%d rejected=%d rssWarmKb=%d "
          + "rssEndKb=%d growth=%+.2f%% wall=%.1fs maxOpenResults=%d maxExtraTensors=%d", name, predictions, calls,
          rejected, rssWarmKb, rssEndKb, 100 * growth(), wallSeconds, maxOpenResults, maxExtraTensors);
    }

    String json() {
      return String.format(Locale.ROOT, "{\"name\":\"%s\",\"predictions\":%d,\"calls\":%d,\"rejected\":%d,"
          + "\"rssWarmKb\":%d,\"rssEndKb\":%d,\"rssGrowth\":%.5f,\"wallSeconds\":%.1f,\"maxOpenResults\":%d,"
          + "\"maxExtraTensors\":%d,\"java\":\"%s\",\"cpus\":%d}", name, predictions, calls, rejected, rssWarmKb,
          rssEndKb, growth(), wallSeconds, maxOpenResults, maxExtraTensors, System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
    }
  }

  private Soak() {}

  static Result run(String name, Predictor<String, ?> p, long n, List<String> pool) {
    long tensors0 = NativeHandles.openTensors();
    Random rnd = new Random(Fixtures.SEED);
    String longText = Fixtures.longText();
    // Warm-up: every batch size, the largest shape, and every rejection path.
    for (int b : BATCH_SIZES) {
      p.predictBatch(pool.subList(0, b));
    }
    List<String> widest = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      widest.add(longText);
    }
    p.predictBatch(widest);
    p.predict(longText);
    for (int i = 0; i < 20; i++) {
      call(p, rnd, pool, true);
      call(p, rnd, pool, false);
    }
    System.gc();
    long rssWarm = Fixtures.rssKb();
    long t0 = System.nanoTime();
    long done = 0;
    long calls = 0;
    long rejected = 0;
    long maxResults = 0;
    long maxTensors = 0;
    while (done < n) {
      boolean bad = calls % 7 == 3;
      int k = call(p, rnd, pool, bad);
      calls++;
      if (bad) {
        rejected++;
      } else {
        done += k;
      }
      maxResults = Math.max(maxResults, NativeHandles.openResults());
      maxTensors = Math.max(maxTensors, NativeHandles.openTensors() - tensors0);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    System.gc();
    long rssEnd = Fixtures.rssKb();
    Result r = new Result(name, done, calls, rejected, rssWarm, rssEnd, maxResults, maxTensors, wall);
    System.out.println(r.line());
    write(r);
    return r;
  }

  /** One call; returns the number of texts predicted (0 for a rejected call). */
  private static int call(Predictor<String, ?> p, Random rnd, List<String> pool, boolean bad) {
    int b = BATCH_SIZES[rnd.nextInt(BATCH_SIZES.length)];
    int from = rnd.nextInt(pool.size() - 32);
    if (!bad) {
      if (b == 1) {
        p.predict(pool.get(from));
      } else {
        List<?> out = p.predictBatch(pool.subList(from, from + b));
        if (out.size() != b) {
          throw new AssertionError("predictBatch returned " + out.size() + " results for " + b + " texts");
        }
      }
      return b;
    }
    String badInput = Fixtures.BAD_INPUTS.get(rnd.nextInt(Fixtures.BAD_INPUTS.size()));
    try {
      if (b == 1) {
        p.predict(badInput);
      } else {
        List<String> batch = new ArrayList<>(pool.subList(from, from + b));
        batch.set(rnd.nextInt(b), badInput);
        p.predictBatch(batch);
      }
    } catch (InvalidInputException expected) {
      return 0;
    }
    throw new AssertionError("bad input was accepted: " + (badInput == null ? "null" : badInput.length() + " chars"));
  }

  private static void write(Result r) {
    write("soak-" + r.name(), r.json());
  }

  /** Writes {@code <name>.json} to {@code -Dreliability.results} (default target/reliability-results). */
  static void write(String name, String json) {
    Path dir = Path.of(System.getProperty("reliability.results", "target/reliability-results"));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), json + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
