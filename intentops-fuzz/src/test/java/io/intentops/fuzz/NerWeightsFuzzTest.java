package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.inference.ner.internal.SafetensorsIn;
import java.util.Map;

/**
 * Fuzzes the NER weight reader ({@link SafetensorsIn#read(byte[], String)}, the F32/I8 safetensors
 * reader NER bundles load through): any bytes give tensors or a typed rejection; every accepted tensor
 * has non-negative dimensions whose product is its element count.
 */
class NerWeightsFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void nerWeights(byte[] data) {
    Map<String, SafetensorsIn.Tensor> tensors = Typed.resultOrRejection(() -> SafetensorsIn.read(data, "fuzz.safetensors"));
    if (tensors == null) {
      return;
    }
    long total = 0;
    for (Map.Entry<String, SafetensorsIn.Tensor> e : tensors.entrySet()) {
      SafetensorsIn.Tensor t = e.getValue();
      long numel = 1;
      for (long d : t.shape()) {
        assertThat(d).as("dimension of %s", e.getKey()).isNotNegative();
        numel = Math.multiplyExact(numel, d);
      }
      int length = t.floats() != null ? t.floats().length : t.bytes().length;
      assertThat((long) length).as("element count of %s", e.getKey()).isEqualTo(numel);
      total += t.floats() != null ? 4L * length : length;
    }
    assertThat(total).isLessThanOrEqualTo(data.length);
  }
}
