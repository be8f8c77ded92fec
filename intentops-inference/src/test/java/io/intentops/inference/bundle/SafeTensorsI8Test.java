package io.intentops.inference.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ModelIntegrityException;
import io.intentops.inference.bundle.SafeTensors.Contents;
import io.intentops.inference.bundle.SafeTensors.DType;
import io.intentops.inference.bundle.SafeTensors.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** I8 tensors (the int8 codes of NER weight deltas) in the one safetensors reader/writer. */
class SafeTensorsI8Test {

  @Test
  void roundTripsI8NextToF32ThroughAFile(@TempDir Path dir) {
    byte[] codes = {-127, -1, 0, 1, 127, 42};
    Map<String, Tensor> in = Map.of(
        "layer.weight.delta_i8", Tensor.i8(new long[] {2, 3}, codes),
        "layer.weight.delta_scale", Tensor.f32(new long[] {2}, new float[] {0.25f, 1e-3f}));
    Path f = dir.resolve("ner-weights.safetensors");
    SafeTensors.write(f, in, Map.of("format", "int8-row-delta/1"));
    Contents c = SafeTensors.read(f);
    assertThat(c.tensors()).isEqualTo(in);
    Tensor t = c.require("layer.weight.delta_i8");
    assertThat(t.dtype()).isEqualTo(DType.I8);
    assertThat(t.shape()).containsExactly(2, 3);
    assertThat(t.toByteArray()).containsExactly(codes);
    assertThat(t.toFloatArray()).containsExactly(-127f, -1f, 0f, 1f, 127f, 42f);
    assertThat(t.toLongArray()).containsExactly(-127L, -1L, 0L, 1L, 127L, 42L);
    assertThat(c.require("layer.weight.delta_scale").toFloatArray()).containsExactly(0.25f, 1e-3f);
  }

  @Test
  void i8FactoryCopiesItsInput() {
    byte[] codes = {1, 2, 3};
    Tensor t = Tensor.i8(new long[] {3}, codes);
    codes[0] = 99;
    assertThat(t.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void writesTheLayoutNerBundlesHaveAlwaysHad() {
    // Header: metadata first, tensors in name order, padded with spaces to 8 bytes; I8 data unaligned after F32.
    byte[] bytes = SafeTensors.toBytes(Map.of("b", Tensor.i8(new long[] {2}, new byte[] {-2, 5}),
        "a", Tensor.f32(new long[] {1}, new float[] {1.5f})), Map.of("format", "x"));
    long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
    assertThat(header.stripTrailing()).isEqualTo("{\"__metadata__\":{\"format\":\"x\"},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[4,6]}}");
    assertThat(headerLen % 8).isZero();
    assertThat(bytes).hasSize((int) (8 + headerLen + 6));
    assertThat(bytes[bytes.length - 2]).isEqualTo((byte) -2);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 5);
  }

  @Test
  void rejectsI8WhoseByteCountDoesNotMatchItsShape() {
    String h = "{\"w\":{\"dtype\":\"I8\",\"shape\":[2,2],\"data_offsets\":[0,3]}}";
    byte[] header = h.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).put(new byte[3]);
    assertThatThrownBy(() -> SafeTensors.read(b.array(), "ner.safetensors"))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessage("Invalid safetensors file ner.safetensors: tensor 'w' declares shape [2, 2] of I8 (4 bytes) but "
            + "its data_offsets span 3 bytes");
  }

  @Test
  void toByteArrayRejectsOtherDtypes() {
    assertThatThrownBy(() -> Tensor.f32(new long[] {1}, new float[] {1f}).toByteArray())
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("F32 is not I8");
  }

  @Property(tries = 200, seed = "2025")
  void anyI8ValuesRoundTripBitExactly(@ForAll @Size(max = 64) byte[] codes, @ForAll @IntRange(min = 1, max = 4) int rows) {
    int cols = codes.length / rows;
    byte[] used = java.util.Arrays.copyOf(codes, rows * cols);
    Map<String, Tensor> in = Map.of("d", Tensor.i8(new long[] {rows, cols}, used));
    Contents c = SafeTensors.read(SafeTensors.toBytes(in, Map.of()), "round-trip");
    assertThat(c.require("d").toByteArray()).containsExactly(used);
    assertThat(c.require("d").shape()).containsExactly(rows, cols);
  }
}
