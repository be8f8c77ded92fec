package io.intentops.inference.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.encoder.ModelResource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mahalanobis scorer and its tensors in head.safetensors (old files without them still read). */
class MahalanobisScorerTest {
  @TempDir Path dir;

  // W = diag(1, 2) in 2-d: variance 1 along x, 1/4 along y; means (W mu): (1, 0) and (0, 2)
  private final float[] whiten = {1f, 0f, 0f, 2f};
  private final float[] means = {1f, 0f, 0f, 2f};

  @Test
  void scoreIsTheSquaredWhitenedDistanceToTheNearestMeanPerDimension() {
    OosScorer s = OosScorer.mahalanobis(whiten, means, 2, 2);
    assertThat(s.needsEmbedding()).isTrue();
    // x = (3, 4) -> unit (0.6, 0.8) -> W x = (0.6, 1.6); distances 0.16 + 2.56 = 2.72 and 0.36 + 0.16 = 0.52
    assertThat(s.score(new float[] {3f, 4f}, new double[0])).isCloseTo(0.52 / 2, within(1e-6));
    // scale-invariant: the embedding is L2-normalised first
    assertThat(s.score(new float[] {30f, 40f}, new double[0])).isCloseTo(0.52 / 2, within(1e-6));
    assertThatThrownBy(() -> s.score(null, new double[0])).isInstanceOf(InferenceException.class)
        .hasMessageContaining("mahalanobis needs a 2-dimensional embedding");
    assertThatThrownBy(() -> OosScorer.mahalanobis(whiten, new float[3], 2, 2)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> OosScorer.of(OosScorer.MAHALANOBIS, 1.0, 3, null, 0, 2)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs its statistics");
  }

  @Test
  void tensorsRoundTripAndOldFilesReadWithout() {
    IntentHeadWeights plain = new IntentHeadWeights(new float[] {0, 0}, new float[] {1, 1}, new float[] {1, 0, 0, 1},
        new float[] {0, 0}, 2, 2, null, 0);
    Path old = dir.resolve("old.safetensors");
    plain.write(old, true, Map.of());
    IntentHeadWeights read = IntentHeadWeights.read(ModelResource.file(old));
    assertThat(read.oosWhiten()).isNull();
    assertThat(read.oosMeans()).isNull();
    assertThatThrownBy(() -> OosScorer.of(OosScorer.MAHALANOBIS, 1.0, 3, read)).isInstanceOf(ConfigurationException.class);

    Path neu = dir.resolve("new.safetensors");
    plain.withMahalanobis(whiten, means, 2).write(neu, true, Map.of());
    IntentHeadWeights back = IntentHeadWeights.read(ModelResource.file(neu));
    assertThat(back.oosWhiten()).containsExactly(whiten); // F32 even in half precision
    assertThat(back.oosMeans()).containsExactly(means);
    assertThat(OosScorer.of(OosScorer.MAHALANOBIS, 1.0, 3, back).score(new float[] {3f, 4f}, new double[0]))
        .isCloseTo(0.26, within(1e-6));

    // one of the two tensors alone is a corrupt file
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    t.put("mean", SafeTensors.Tensor.f32(new long[] {2}, new float[] {0, 0}));
    t.put("scale", SafeTensors.Tensor.f32(new long[] {2}, new float[] {1, 1}));
    t.put("bias", SafeTensors.Tensor.f32(new long[] {2}, new float[] {0, 0}));
    t.put("weight", SafeTensors.Tensor.f32(new long[] {2, 2}, new float[] {1, 0, 0, 1}));
    t.put("oos.whiten", SafeTensors.Tensor.f32(new long[] {2, 2}, whiten));
    Path half = dir.resolve("half.safetensors");
    SafeTensors.write(half, t, Map.of());
    assertThatThrownBy(() -> IntentHeadWeights.read(ModelResource.file(half))).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("must be present together");
    t.put("oos.means", SafeTensors.Tensor.f32(new long[] {2, 3}, new float[6]));
    SafeTensors.write(half, t, Map.of());
    assertThatThrownBy(() -> IntentHeadWeights.read(ModelResource.file(half))).isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("'oos.means' [m, 2]");
  }
}
