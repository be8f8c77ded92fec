package io.intentops.capture.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the projection, the tap and the MMD test. */
class EmbeddingProjectionProperties {
  static final IntentPrediction P = new IntentPrediction("a", 0.9, List.of(new ScoredLabel("a", 0.9)), false, 0.1,
      ModelVersion.parse("1.0.0-1"), Duration.ZERO, false);

  @Property(tries = 50)
  void theProjectionIsLinearAndTheSameForTheSameSeed(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 40) int in) {
    int out = Math.min(in, 8);
    EmbeddingProjection a = EmbeddingProjection.of(in, out, seed);
    EmbeddingProjection b = EmbeddingProjection.of(in, out, seed);
    Random rnd = new Random(seed);
    float[] x = new float[in];
    float[] y = new float[in];
    float[] sum = new float[in];
    for (int i = 0; i < in; i++) {
      x[i] = (float) rnd.nextGaussian();
      y[i] = (float) rnd.nextGaussian();
      sum[i] = x[i] + y[i];
    }
    assertThat(a.project(x)).containsExactly(b.project(x));
    float[] px = a.project(x);
    float[] py = a.project(y);
    float[] ps = a.project(sum);
    for (int i = 0; i < out; i++) {
      assertThat((double) ps[i]).isCloseTo(px[i] + py[i], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(ps[i]))));
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }

  @Property(tries = 30)
  void theTapHandsEachVectorToItsOwnPredictionInstanceOnce(@ForAll @IntRange(min = 1, max = 50) int n) {
    EmbeddingTap tap = EmbeddingTap.of(EmbeddingProjection.of(16, 4, 2025));
    IntentPrediction[] ps = new IntentPrediction[n];
    for (int i = 0; i < n; i++) {
      ps[i] = new IntentPrediction(P.label(), P.score(), P.topK(), false, 0.1, P.modelVersion(), Duration.ZERO, false);
      float[] f = new float[16];
      f[0] = i;
      tap.hook().accept(ps[i], f);
    }
    for (int i = n - 1; i >= 0; i--) { // equal records, distinct instances: matched by identity
      assertThat(tap.take(ps[i])).isEqualTo(tap.projection().embed(featuresOf(i)));
      assertThat(tap.take(ps[i])).isNull();
    }
    assertThat(tap.parked()).isZero();
    assertThat(tap.claimed()).isEqualTo(n);
  }

  static float[] featuresOf(int i) {
    float[] f = new float[16];
    f[0] = i;
    return f;
  }

  @Property(tries = 20)
  void thePValueIsInItsRangeAndTheTestIsDeterministic(@ForAll @IntRange(min = 2, max = 60) int n,
      @ForAll @IntRange(min = 1, max = 300) int perms, @ForAll("seeds") long seed) {
    Random rnd = new Random(seed);
    float[][] ref = EmbeddingDriftTest.gaussian(rnd, 40, 0);
    float[][] win = EmbeddingDriftTest.gaussian(rnd, n, 0.1);
    Mmd.Result r1 = new Mmd(ref, EmbeddingSummary.medianDistance(ref), 60).test(win, n, perms, new Random(seed));
    Mmd.Result r2 = new Mmd(ref, EmbeddingSummary.medianDistance(ref), 60).test(win, n, perms, new Random(seed));
    assertThat(r1).isEqualTo(r2);
    assertThat(r1.pValue()).isBetween(1.0 / (perms + 1), 1.0);
    assertThat(r1.mmd2()).isBetween(-2.0, 2.0);
  }

  @Property(tries = 20)
  void tappingAtCapacityDropsAndCountsInsteadOfGrowing(@ForAll @IntRange(min = 1, max = 20) int capacity) {
    EmbeddingTap tap = EmbeddingTap.of(EmbeddingProjection.of(8, 2, 2025), capacity);
    for (int i = 0; i < 3 * capacity + 1; i++) {
      tap.hook().accept(new IntentPrediction("a", 0.9, P.topK(), false, 0.1, P.modelVersion(), Duration.ZERO, false),
          new float[8]);
    }
    assertThat(tap.parked()).isLessThanOrEqualTo(capacity);
    assertThat(tap.evicted() + tap.parked()).isEqualTo(3L * capacity + 1);
  }
}
