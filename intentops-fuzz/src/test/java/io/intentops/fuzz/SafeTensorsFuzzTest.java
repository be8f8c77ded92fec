package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.inference.bundle.SafeTensors;
import java.util.Map;

/**
 * Fuzzes the safetensors reader ({@link SafeTensors#read(byte[], String)}): any bytes give validated
 * contents or a typed rejection (never an allocation the file's size does not back); accepted contents
 * cover exactly the data section, widen to floats, and survive a write/read round trip.
 */
class SafeTensorsFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void safetensors(byte[] data) {
    SafeTensors.Contents c = Typed.resultOrRejection(() -> SafeTensors.read(data, "fuzz.safetensors"));
    if (c == null) {
      return;
    }
    long total = 0;
    for (Map.Entry<String, SafeTensors.Tensor> e : c.tensors().entrySet()) {
      SafeTensors.Tensor t = e.getValue();
      assertThat((long) t.data().remaining()).isEqualTo(t.numel() * t.dtype().size());
      assertThat(t.toFloatArray()).hasSize((int) t.numel());
      total += t.data().remaining();
    }
    assertThat(total).isLessThanOrEqualTo(data.length);
    byte[] written = SafeTensors.toBytes(c.tensors(), c.metadata());
    SafeTensors.Contents again = SafeTensors.read(written, "round-trip");
    assertThat(again.tensors()).isEqualTo(c.tensors());
    assertThat(again.metadata()).isEqualTo(c.metadata());
  }
}
