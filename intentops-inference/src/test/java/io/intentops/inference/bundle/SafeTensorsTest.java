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
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void roundTripsTensorsAndMetadataThroughAFile(@TempDir Path dir) {
    Map<String, Tensor> in = Map.of(
        "w", Tensor.f32(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}),
        "b", Tensor.f16(new long[] {2}, new float[] {0.5f, -1.25f}),
        "ids", Tensor.i64(new long[] {3}, new long[] {7, 8, Long.MAX_VALUE}));
    Path f = dir.resolve("head.safetensors");
    SafeTensors.write(f, in, Map.of("format", "pt"));
    Contents c = SafeTensors.read(f);
    assertThat(c.metadata()).containsEntry("format", "pt");
    assertThat(c.tensors()).isEqualTo(in);
    assertThat(c.require("w").toFloatArray()).containsExactly(1, 2, 3, 4, 5, -6.5f);
    assertThat(c.require("b").toFloatArray()).containsExactly(0.5f, -1.25f);
    assertThat(c.require("ids").toLongArray()).containsExactly(7, 8, Long.MAX_VALUE);
    assertThat(c.require("w").shape()).containsExactly(2, 3);
  }

  @Test
  void writingIsDeterministicAndHeaderIsAligned() {
    Map<String, Tensor> t = Map.of("a", Tensor.f32(new long[] {1}, new float[] {1}), "z", Tensor.f32(new long[] {1}, new float[] {2}));
    byte[] one = SafeTensors.toBytes(t, Map.of());
    byte[] two = SafeTensors.toBytes(new java.util.TreeMap<>(t).descendingMap(), Map.of());
    assertThat(one).isEqualTo(two);
    long headerLen = ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertThat(headerLen % 8).isZero();
  }

  @Test
  void readsTheReferenceLayout() {
    // Hand-written file as the Python library writes it: {"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}
    byte[] file = file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1.5f, -2f));
    assertThat(SafeTensors.read(file, "ref").require("x").toFloatArray()).containsExactly(1.5f, -2f);
  }

  @Test
  void rejectsHeaderLengthBeyondTheFile() {
    byte[] f = file("{}", new byte[0]);
    ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000);
    assertLie(f, "header length");
  }

  @Test
  void rejectsTinyFilesAndBadJson() {
    assertLie(new byte[3], "fewer than the 8-byte");
    assertLie(file("{\"x\":", new byte[0]), "not valid JSON");
    assertLie(file("[1,2]", new byte[0]), "not a JSON object");
  }

  @Test
  void rejectsOffsetsOutsideTheData() {
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", floats(1, 2)), "outside");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", floats(1, 2)), "outside");
  }

  @Test
  void rejectsAShapeThatDisagreesWithTheByteCount() {
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", floats(1, 2)), "span 8 bytes");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", floats(1, 2)),
        "overflowing");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", floats(1, 2)), "invalid dimension");
  }

  @Test
  void rejectsOverlapsGapsAndTrailingBytes() {
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", floats(1, 2)), "overlap");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", floats(1, 2)), "gap");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1, 2)), "cover 4 bytes");
  }

  @Test
  void rejectsUnknownDtypeAndMissingFields() {
    assertLie(file("{\"x\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1)), "unsupported dtype");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", floats(1)), "no shape");
    assertLie(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", floats(1)), "data_offsets");
  }

  @Test
  void missingTensorIsNamed() {
    Contents c = SafeTensors.read(SafeTensors.toBytes(Map.of("a", Tensor.f32(new long[] {1}, new float[] {1})), Map.of()), "x");
    assertThatThrownBy(() -> c.require("weight")).isInstanceOf(ModelIntegrityException.class).hasMessageContaining("weight");
  }

  @Property(tries = 200)
  void anyFloatArrayRoundTrips(@ForAll @Size(max = 50) float[] values) {
    Tensor t = Tensor.f32(new long[] {values.length}, values);
    Contents c = SafeTensors.read(SafeTensors.toBytes(Map.of("t", t), Map.of()), "prop");
    assertThat(c.require("t").toFloatArray()).containsExactly(values);
  }

  @Property(tries = 500)
  void halfPrecisionIsWithinHalfAnUlp(@ForAll @FloatRange(min = -60000f, max = 60000f) float v) {
    float back = SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(v));
    float ulp = Math.max(Math.ulp(back) * 8192f, 0x1p-24f); // a half ulp is 2^13 float ulps for normals
    assertThat((double) Math.abs(back - v)).isLessThanOrEqualTo(ulp / 2.0 + 1e-12);
  }

  @Test
  void halfPrecisionSpecialValues() {
    assertThat(SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(1f))).isEqualTo(1f);
    assertThat(SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(65504f))).isEqualTo(65504f);
    assertThat(SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(1e6f))).isInfinite();
    assertThat(SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(Float.NaN))).isNaN();
    assertThat(SafeTensors.Half.toFloat(SafeTensors.Half.fromFloat(0x1p-24f))).isEqualTo(0x1p-24f);
    assertThat(DType.F16.size()).isEqualTo(2);
  }

  private static void assertLie(byte[] file, String why) {
    assertThatThrownBy(() -> SafeTensors.read(file, "weights.safetensors"))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("weights.safetensors")
        .hasMessageContaining(why);
  }

  private static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }
}
