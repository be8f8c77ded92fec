package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.encoder.ModelResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed WNUT-17 weight file (written by training's former F32/I8 writer) reads with the one
 * safetensors reader, and writing what was read gives back the very same bytes: the single writer
 * training now uses produces bundles identical to the old ones, so their digests do not change.
 */
class Wnut17NerWeightsFileTest {
  @Test
  void readsAndRewritesByteForByte() {
    byte[] file = ModelResource.classpath("io/intentops/models/wnut17-ner/ner-weights.safetensors").readAllBytes();
    SafeTensors.Contents c = SafeTensors.read(file, "wnut17-ner/ner-weights.safetensors");
    assertThat(c.metadata()).containsEntry("format", "int8-row-delta/1");
    long i8 = c.tensors().values().stream().filter(t -> t.dtype() == SafeTensors.DType.I8).count();
    assertThat(i8).isPositive();
    for (Map.Entry<String, SafeTensors.Tensor> e : c.tensors().entrySet()) {
      assertThat(e.getValue().dtype()).as(e.getKey()).isIn(SafeTensors.DType.F32, SafeTensors.DType.I8);
      if (e.getKey().endsWith(".delta_i8")) {
        assertThat(c.tensors()).containsKey(e.getKey().replace(".delta_i8", ".delta_scale"));
      }
    }
    assertThat(c.tensors()).containsKeys("head.classifier.weight", "head.classifier.bias");
    assertThat(SafeTensors.toBytes(c.tensors(), c.metadata())).isEqualTo(file);
  }
}
