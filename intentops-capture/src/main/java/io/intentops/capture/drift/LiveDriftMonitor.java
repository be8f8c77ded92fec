package io.intentops.capture.drift;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.CaptureSink;
import io.intentops.core.capture.ProjectedEmbedding;
import io.intentops.eval.drift.DriftJob.Status;
import io.intentops.eval.metrics.DriftMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.math3.special.Erf;
import org.jspecify.annotations.Nullable;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one model version's captured predictions against its {@link DriftBaseline}. It is a
 * {@link CaptureSink}: give it to a {@link io.intentops.capture.CapturePipeline} and it sees every
 * sampled, redacted prediction of its version (other versions and feedback are ignored). Every
 * {@link LiveDriftConfig#windowSize()} predictions close a window (or call {@link #closeWindow()} on a
 * schedule for time-based windows); each window is tested on three signals:
 *
 * <ul>
 *   <li><b>class</b>: chi-square test of homogeneity of the class counts against the baseline counts,
 *       p &lt; alpha, and Jensen-Shannon distance (base 2) above the minimum;
 *   <li><b>confidence</b>: two-sample KS on the {@value DriftBaseline#CONFIDENCE_BINS}-bin histograms
 *       (binning makes D smaller, so the asymptotic p-value is conservative), p &lt; alpha and D above
 *       the minimum;
 *   <li><b>oos</b>: two-proportion z-test of the OOS rate, p &lt; alpha and the change above the minimum;
 *   <li><b>embedding</b> (only when the baseline has an {@link EmbeddingSummary} and records carry a
 *       {@link io.intentops.core.capture.ProjectedEmbedding} of its dimension): MMD² with the baseline's
 *       RBF kernel between the baseline sample and a seeded reservoir sample of at most
 *       {@link LiveDriftConfig#embeddingMaxSamples()} of the window's embeddings, permutation p-value
 *       from {@link LiveDriftConfig#embeddingPermutations()} seeded shuffles; breach when
 *       p &lt; {@link LiveDriftConfig#embeddingAlpha()} and MMD² above {@link LiveDriftConfig#embeddingMmd2()};
 *       no verdict below {@link LiveDriftConfig#embeddingMinSamples()} embeddings. Cost per window,
 *       with m baseline rows, n window embeddings and d dimensions: {@code (m n + n^2/2) d} multiply-adds
 *       and as many {@code exp}, plus {@code permutations (m^2 + n^2) / 2} additions, on the thread
 *       that closes the window (the capture worker); the m^2 baseline block is computed once.
 * </ul>
 *
 * A breaching window increments the count of consecutive breaches, a clean one resets it, an
 * inconclusive one (closed early below {@code minSamples}) leaves it. The status is DEGRADED once the
 * count reaches {@link LiveDriftConfig#consecutiveBreaches()} and stays so until a clean window.
 * Listeners hear every window. Thread-safe (windows are serialised).
 */
public final class LiveDriftMonitor implements CaptureSink {
  private static final Logger LOG = LoggerFactory.getLogger(LiveDriftMonitor.class);

  private final DriftBaseline baseline;
  private final LiveDriftConfig config;
  private final Clock clock;
  private final List<DriftListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Long> labels = new HashMap<>();
  private final long[] hist = new long[DriftBaseline.CONFIDENCE_BINS];
  private long oos;
  private int size;
  private long windows;
  private int consecutive;
  private Status status = Status.OK;
  private long ignored;
  // Embedding drift: null when the baseline has no embedding summary.
  private final @Nullable Mmd mmd;
  private final float[][] embeddings;
  private final Random reservoir = new Random(LiveDriftConfig.EMBEDDING_SEED);
  private int embeddingsSeen;
  private long embeddingMismatches;
  private double lastEmbeddingMmd2 = Double.NaN;

  private LiveDriftMonitor(DriftBaseline baseline, LiveDriftConfig config, Clock clock, List<DriftListener> ls) {
    this.baseline = baseline;
    this.config = config;
    this.clock = clock;
    listeners.addAll(ls);
    EmbeddingSummary e = baseline.embedding();
    this.mmd = e == null ? null : new Mmd(e.rowsShared(), e.bandwidth(), config.embeddingMaxSamples());
    this.embeddings = new float[e == null ? 0 : config.embeddingMaxSamples()][];
  }

  /** A builder for the monitor of {@code baseline}'s version. */
  public static Builder builder(DriftBaseline baseline) {
    return new Builder(baseline);
  }

  /** The monitored version. */
  public ModelVersion version() {
    return baseline.modelVersion();
  }

  /** The status after the last conclusive window (OK before the first). */
  public synchronized Status status() {
    return status;
  }

  /** Windows closed so far. */
  public synchronized long windows() {
    return windows;
  }

  /** Breaching windows in a row so far. */
  public synchronized int consecutiveBreaches() {
    return consecutive;
  }

  /** Events ignored (feedback, or predictions of other versions). */
  public synchronized long ignored() {
    return ignored;
  }

  /** Whether this monitor tests embedding drift (the baseline has an embedding summary). */
  public boolean embeddingDrift() {
    return mmd != null;
  }

  /** Records whose embedding had a different dimension from the baseline's (ignored by the embedding test). */
  public synchronized long embeddingMismatches() {
    return embeddingMismatches;
  }

  /** MMD² of the last window with an embedding verdict (NaN before one). */
  public synchronized double lastEmbeddingMmd2() {
    return lastEmbeddingMmd2;
  }

  /** Adds a listener. */
  public void addListener(DriftListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  @Override
  public void accept(CaptureEvent event) {
    DriftWindow closed = null;
    synchronized (this) {
      if (!(event instanceof CaptureRecord r) || !r.modelVersion().equals(baseline.modelVersion())) {
        ignored++;
        return;
      }
      labels.merge(r.label(), 1L, Long::sum);
      hist[DriftBaseline.bin(r.score())]++;
      oos += r.outOfScope() ? 1 : 0;
      size++;
      ProjectedEmbedding e = r.embedding();
      if (mmd != null && e != null) {
        addEmbedding(e);
      }
      if (size >= config.windowSize()) {
        closed = evaluate();
      }
    }
    if (closed != null) {
      notifyListeners(closed);
    }
  }

  private void addEmbedding(ProjectedEmbedding e) {
    EmbeddingSummary s = baseline.embedding();
    if (s == null || e.dimension() != s.dimension()) {
      embeddingMismatches++;
      return;
    }
    // Reservoir sampling: a uniform sample of the window's embeddings, however many arrive.
    int slot = embeddingsSeen < embeddings.length ? embeddingsSeen : reservoir.nextInt(embeddingsSeen + 1);
    if (slot < embeddings.length) {
      embeddings[slot] = e.toArray();
    }
    embeddingsSeen++;
  }

  /** Closes the current window now (for time-based windows); returns its verdict. */
  public DriftWindow closeWindow() {
    DriftWindow w;
    synchronized (this) {
      w = evaluate();
    }
    notifyListeners(w);
    return w;
  }

  private void notifyListeners(DriftWindow w) {
    for (DriftListener l : listeners) {
      try {
          l.onWindow(w);
      } catch (RuntimeException e) {
        LOG.warn("Drift listener {} failed on window {}: {}", l, w.index(), e.toString());
      }
    }
  }

  private DriftWindow evaluate() {
    int n = size;
    Status previous = status;
    double js = Double.NaN;
    double psi = Double.NaN;
    double classP = 1;
    double ks = 0;
    double ksP = 1;
    double rate = n == 0 ? 0 : oos / (double) n;
    double oosP = 1;
    int embN = Math.min(embeddingsSeen, embeddings.length);
    double embMmd2 = Double.NaN;
    double embP = Double.NaN;
    List<String> breaches = new ArrayList<>();
    Status windowStatus;
    if (n < config.minSamples()) {
      windowStatus = Status.INCONCLUSIVE;
    } else {
      try {
        TreeSet<String> keys = new TreeSet<>();
        // A label with count 0 on both sides (possible in a hand-written baseline) is no category at all.
        baseline.labelCounts().forEach((k, c) -> {
          if (c > 0) {
            keys.add(k);
          }
        });
        keys.addAll(labels.keySet());
        long[] b = new long[keys.size()];
        long[] c = new long[keys.size()];
        int i = 0;
        for (String k : keys) {
          b[i] = baseline.labelCounts().getOrDefault(k, 0L);
          c[i] = labels.getOrDefault(k, 0L);
          i++;
        }
        js = DriftMetrics.jensenShannonDistance(baseline.labelCounts(), labels);
        psi = DriftMetrics.psi(baseline.labelCounts(), labels);
        classP = keys.size() < 2 ? 1 : new ChiSquareTest().chiSquareTestDataSetsComparison(b, c);
        if (classP < config.alpha() && js > config.classJsDistance()) {
          breaches.add("class");
        }
        ks = binnedKs(baseline.confidenceHistogram(), baseline.size(), hist, n);
        ksP = new KolmogorovSmirnovTest().approximateP(ks, (int) Math.min(Integer.MAX_VALUE, baseline.size()), n);
        if (ksP < config.alpha() && ks > config.confidenceKs()) {
          breaches.add("confidence");
        }
        oosP = twoProportionP(baseline.outOfScope(), baseline.size(), oos, n);
        if (oosP < config.alpha() && Math.abs(rate - baseline.oosRate()) > config.oosRateDelta()) {
          breaches.add("oos");
        }
        if (mmd != null && embN >= config.embeddingMinSamples()) {
          // Seeded per window index: a replay of the same traffic gives the same verdicts.
          Mmd.Result t = mmd.test(embeddings, embN, config.embeddingPermutations(),
              new Random(LiveDriftConfig.EMBEDDING_SEED * 1_000_003L + windows));
          embMmd2 = t.mmd2();
          embP = t.pValue();
          lastEmbeddingMmd2 = embMmd2;
          if (embP < config.embeddingAlpha() && embMmd2 > config.embeddingMmd2()) {
            breaches.add("embedding");
          }
        }
      } catch (RuntimeException e) {
        // A statistic that cannot be computed must not wedge the monitor: judge nothing, start a new window.
        LOG.warn("Drift window {} of {} could not be evaluated: {}", windows, baseline.modelVersion(), e.toString());
        breaches.clear();
        windowStatus = Status.INCONCLUSIVE;
        DriftWindow w = new DriftWindow(baseline.modelVersion(), windows++, clock.instant(), n, js, psi, classP, ks, ksP,
            baseline.oosRate(), rate, oosP, breaches, windowStatus, previous, consecutive, embN, Double.NaN,
            Double.NaN);
        reset();
        return w;
      }
      if (breaches.isEmpty()) {
        consecutive = 0;
        status = Status.OK;
      } else {
        consecutive++;
        status = consecutive >= config.consecutiveBreaches() ? Status.DEGRADED : Status.BREACHING;
      }
      windowStatus = status;
    }
    DriftWindow w = new DriftWindow(baseline.modelVersion(), windows++, clock.instant(), n, js, psi, classP, ks, ksP,
        baseline.oosRate(), rate, oosP, breaches, windowStatus, previous, consecutive, embN, embMmd2, embP);
    reset();
    return w;
  }

  private void reset() {
    labels.clear();
    java.util.Arrays.fill(hist, 0);
    oos = 0;
    size = 0;
    java.util.Arrays.fill(embeddings, null);
    embeddingsSeen = 0;
  }

  static double binnedKs(List<Long> baseHist, long baseN, long[] cur, long curN) {
    double fb = 0;
    double fc = 0;
    double d = 0;
    for (int i = 0; i < cur.length; i++) {
      fb += baseHist.get(i) / (double) baseN;
      fc += cur[i] / (double) curN;
      d = Math.max(d, Math.abs(fb - fc));
    }
    return d;
  }

  static double twoProportionP(long x1, long n1, long x2, long n2) {
    double pooled = (x1 + x2) / (double) (n1 + n2);
    if (pooled <= 0 || pooled >= 1) {
      return 1;
    }
    double z = (x1 / (double) n1 - x2 / (double) n2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    return Erf.erfc(Math.abs(z) / Math.sqrt(2));
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private final DriftBaseline baseline;
    private LiveDriftConfig config = LiveDriftConfig.ofDefaults();
    private Clock clock = Clock.system();
    private final List<DriftListener> listeners = new ArrayList<>();

    private Builder(DriftBaseline baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
    }

    /** Window size and thresholds. */
    public Builder config(LiveDriftConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** Clock for window timestamps. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Adds a listener. */
    public Builder listener(DriftListener l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /** The monitor. */
    public LiveDriftMonitor build() {
      return new LiveDriftMonitor(baseline, config, clock, listeners);
    }
  }
}
