package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.inference.bundle.SafeTensors;
import java.util.Map;

/**
 * Fuzzes NER weight files through the reader NER bundles load with ({@link SafeTensors#read(byte[],
 * String)}, which holds the F32 values and I8 delta codes of {@code ner-weights.safetensors}): any bytes
 * give tensors or a typed rejection; every accepted tensor has non-negative dimensions whose product is
 * its element count, and its F32 or I8 values have exactly that many elements.
 */
class NerWeightsFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void nerWeights(byte[] data) {
    SafeTensors.Contents contents = Typed.resultOrRejection(() -> SafeTensors.read(data, "fuzz.safetensors"));
    if (contents == null) {
      return;
    }
    long total = 0;
    for (Map.Entry<String, SafeTensors.Tensor> e : contents.tensors().entrySet()) {
      SafeTensors.Tensor t = e.getValue();
      long numel = 1;
      for (long d : t.shape()) {
        assertThat(d).as("dimension of %s", e.getKey()).isNotNegative();
        numel = Math.multiplyExact(numel, d);
      }
      int length = t.dtype() == SafeTensors.DType.I8 ? t.toByteArray().length : t.toFloatArray().length;
      assertThat((long) length).as("element count of %s", e.getKey()).isEqualTo(numel);
      total += (long) length * t.dtype().size();
    }
    assertThat(total).isLessThanOrEqualTo(data.length);
  }
}
