package io.intentops.inference.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelManifests;
import io.intentops.inference.encoder.ModelResource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian header length, a JSON header mapping tensor names to dtype, shape and
 * {@code data_offsets} (relative to the data section), then the raw little-endian data.
 *
 * <p>Reading validates everything and throws {@link ModelIntegrityException} (naming the source and
 * tensor) when the header lies: a length beyond the file, malformed JSON, an unknown dtype, negative
 * or overflowing shapes, offsets outside the data, a byte count that does not match the shape,
 * overlapping tensors, gaps or trailing bytes. Writing is deterministic (tensors sorted by name,
 * header padded with spaces to 8 bytes) so the same weights always give the same file digest.
 * Stateless and thread-safe.
 */
public final class SafeTensors {
  /** Largest header accepted (100 MB, the reference implementation's limit). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
  private static final String METADATA = "__metadata__";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** Element types this implementation reads and writes ({@code I8}: the int8 codes of NER weight deltas). */
  public enum DType {
    F32(4), F16(2), BF16(2), I64(8), I32(4), I8(1);

    private final int size;

    DType(int size) {
      this.size = size;
    }

    /** Bytes per element. */
    public int size() {
      return size;
    }
  }

  /**
   * One tensor. The buffer holds little-endian element data; treat it as read-only.
   *
   * @param dtype element type
   * @param shape dimensions (empty for a scalar)
   * @param data exactly {@code numel * dtype.size()} bytes
   */
  public record Tensor(DType dtype, long[] shape, ByteBuffer data) {
    public Tensor {
      Objects.requireNonNull(dtype, "dtype");
      shape = shape.clone();
      long n = SafeTensors.numel(shape, "tensor");
      if (data.remaining() != n * dtype.size()) {
        throw new IllegalArgumentException("Tensor of shape " + Arrays.toString(shape) + " and dtype " + dtype
            + " needs " + n * dtype.size() + " bytes, got " + data.remaining());
      }
      data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A float32 tensor. */
    public static Tensor f32(long[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return new Tensor(DType.F32, shape, b);
    }

    /** A float16 tensor from float values (round to nearest even). */
    public static Tensor f16(long[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        b.putShort(Half.fromFloat(v));
      }
      b.flip();
      return new Tensor(DType.F16, shape, b);
    }

    /** An int8 tensor. */
    public static Tensor i8(long[] shape, byte[] values) {
      return new Tensor(DType.I8, shape, ByteBuffer.wrap(values.clone()));
    }

    /** An int64 tensor. */
    public static Tensor i64(long[] shape, long[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(values);
      return new Tensor(DType.I64, shape, b);
    }

    /** Number of elements. */
    public long numel() {
      return SafeTensors.numel(shape, "tensor");
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
      return shape.clone();
    }

    /**
     * The elements of an I8 tensor.
     *
     * @throws ModelIntegrityException for another dtype
     */
    public byte[] toByteArray() {
      if (dtype != DType.I8) {
        throw new ModelIntegrityException("Tensor of dtype " + dtype + " is not I8");
      }
      byte[] out = new byte[Math.toIntExact(numel())];
      data.duplicate().get(out);
      return out;
    }

    /** The elements widened to float (F32, F16, BF16, I32, I64, I8). */
    public float[] toFloatArray() {
      int n = Math.toIntExact(numel());
      float[] out = new float[n];
      ByteBuffer d = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        out[i] = switch (dtype) {
          case F32 -> d.getFloat(i * 4);
          case F16 -> Half.toFloat(d.getShort(i * 2));
          case BF16 -> Float.intBitsToFloat((d.getShort(i * 2) & 0xffff) << 16);
          case I32 -> d.getInt(i * 4);
          case I64 -> d.getLong(i * 8);
          case I8 -> d.get(i);
        };
      }
      return out;
    }

    /** The elements as longs (integer dtypes I64, I32, I8 only). */
    public long[] toLongArray() {
      int n = Math.toIntExact(numel());
      long[] out = new long[n];
      ByteBuffer d = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        out[i] = switch (dtype) {
          case I64 -> d.getLong(i * 8);
          case I32 -> d.getInt(i * 4);
          case I8 -> d.get(i);
          default -> throw new IllegalStateException("Tensor dtype " + dtype + " is not an integer type");
        };
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t && t.dtype == dtype && Arrays.equals(t.shape, shape) && t.data.equals(data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
      return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
    }
  }

  /**
   * A parsed file: tensors in file order and the optional string metadata.
   *
   * @param tensors tensors by name
   * @param metadata the {@code __metadata__} entries
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws ModelIntegrityException when it is absent
     */
    public Tensor require(String name) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new ModelIntegrityException("Weights have no tensor '" + name + "'; present: " + tensors.keySet());
      }
      return t;
    }
  }

  /** Reads and validates a file or resource. */
  public static Contents read(ModelResource resource) {
    return read(resource.readAllBytes(), resource.ref());
  }

  /** Reads and validates a file. */
  public static Contents read(Path file) {
    return read(ModelResource.file(file));
  }

  /** Parses and validates safetensors bytes; {@code source} names them in errors. */
  public static Contents read(byte[] bytes, String source) {
    if (bytes.length < 8) {
      throw lie(source, "file has " + bytes.length + " bytes, fewer than the 8-byte header length");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = all.getLong(0);
    if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > bytes.length - 8L) {
      throw lie(source, "header length " + Long.toUnsignedString(headerLen) + " does not fit a file of "
          + bytes.length + " bytes");
    }
    int dataStart = 8 + (int) headerLen;
    String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = JSON.readTree(header);
    } catch (JsonProcessingException e) {
      throw lie(source, "header is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw lie(source, "header is not a JSON object");
    }
    long dataLen = bytes.length - (long) dataStart;
    Map<String, String> metadata = new TreeMap<>();
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (METADATA.equals(name)) {
        if (!v.isObject()) {
          throw lie(source, "__metadata__ must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> me = m.next();
          if (!me.getValue().isTextual()) {
            throw lie(source, "__metadata__ entry '" + me.getKey() + "' is not a string");
          }
          metadata.put(me.getKey(), me.getValue().asText());
        }
        continue;
      }
      if (!v.isObject()) {
        throw lie(source, "tensor '" + name + "' is not a JSON object");
      }
      DType dtype;
      try {
        dtype = DType.valueOf(v.path("dtype").asText(""));
      } catch (IllegalArgumentException e) {
        throw lie(source, "tensor '" + name + "' has unsupported dtype '" + v.path("dtype").asText("") + "'");
      }
      JsonNode shapeNode = v.get("shape");
      JsonNode offs = v.get("data_offsets");
      if (shapeNode == null || !shapeNode.isArray()) {
        throw lie(source, "tensor '" + name + "' has no shape array");
      }
      if (offs == null || !offs.isArray() || offs.size() != 2 || !offs.get(0).canConvertToLong()
          || !offs.get(1).canConvertToLong() || !offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber()) {
        throw lie(source, "tensor '" + name + "' needs data_offsets [begin, end]");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = shapeNode.get(i);
        if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
          throw lie(source, "tensor '" + name + "' has an invalid dimension " + d);
        }
        shape[i] = d.asLong();
      }
      long n;
      long nbytes;
      try {
        n = numel(shape, name);
        nbytes = Math.multiplyExact(n, (long) dtype.size());
      } catch (ArithmeticException | IllegalArgumentException e) {
        throw lie(source, "tensor '" + name + "' has an overflowing shape " + Arrays.toString(shape));
      }
      long begin = offs.get(0).asLong();
      long end = offs.get(1).asLong();
      if (begin < 0 || end < begin || end > dataLen) {
        throw lie(source, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
            + "] outside the " + dataLen + "-byte data section");
      }
      if (end - begin != nbytes) {
        throw lie(source, "tensor '" + name + "' declares shape " + Arrays.toString(shape) + " of " + dtype
            + " (" + nbytes + " bytes) but its data_offsets span " + (end - begin) + " bytes");
      }
      entries.add(new Entry(name, dtype, shape, begin, end));
    }
    // Tensors must tile the data section exactly: no overlaps, no gaps, nothing trailing.
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
    long pos = 0;
    for (Entry e : sorted) {
      if (e.begin != pos) {
        throw lie(source, "tensor '" + e.name + "' starts at byte " + e.begin + " but the previous tensor ends at "
            + pos + (e.begin < pos ? " (overlap)" : " (gap)"));
      }
      pos = e.end;
    }
    if (pos != dataLen) {
      throw lie(source, "tensors cover " + pos + " bytes but the data section has " + dataLen);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry e : entries) {
      ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin));
      tensors.put(e.name, new Tensor(e.dtype, e.shape, slice));
    }
    return new Contents(tensors, metadata);
  }

  /** Serialises tensors (sorted by name) and metadata to bytes. */
  public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject(METADATA);
      new TreeMap<>(metadata).forEach(m::put);
    }
    long off = 0;
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      if (METADATA.equals(e.getKey())) {
        throw new IllegalArgumentException("'" + METADATA + "' is reserved");
      }
      Tensor t = e.getValue();
      ObjectNode n = header.putObject(e.getKey());
      n.put("dtype", t.dtype().name());
      var s = n.putArray("shape");
      for (long d : t.shape) {
        s.add(d);
      }
      long len = t.data().remaining();
      n.putArray("data_offsets").add(off).add(off + len);
      off += len;
    }
    byte[] h;
    try {
      h = JSON.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int padded = (h.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + off)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded);
    out.put(h);
    for (int i = h.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (Tensor t : sorted.values()) {
      out.put(t.data().duplicate());
    }
    return out.array();
  }

  /** Writes tensors and metadata to {@code file} atomically. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    ModelManifests.writeAtomically(file, toBytes(tensors, metadata));
  }

  static long numel(long[] shape, String name) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Negative dimension in " + name);
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ModelIntegrityException lie(String source, String why) {
    return new ModelIntegrityException("Invalid safetensors file " + source + ": " + why);
  }

  /** IEEE 754 half-precision conversion (Java 17 has no Float.floatToFloat16). */
  static final class Half {
    private Half() {}

    static float toFloat(short h) {
      int bits = h & 0xffff;
      int sign = (bits & 0x8000) << 16;
      int exp = (bits >>> 10) & 0x1f;
      int mant = bits & 0x3ff;
      if (exp == 0x1f) {
        return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
      }
      if (exp == 0) {
        if (mant == 0) {
          return Float.intBitsToFloat(sign);
        }
        float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
        return sign != 0 ? -v : v;
      }
      return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static short fromFloat(float f) {
      int bits = Float.floatToRawIntBits(f);
      int sign = (bits >>> 16) & 0x8000;
      int exp = (bits >>> 23) & 0xff;
      int mant = bits & 0x7fffff;
      if (exp == 0xff) { // Inf or NaN
        return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
      }
      int e = exp - 127 + 15;
      if (e >= 0x1f) {
        return (short) (sign | 0x7c00); // overflow to infinity
      }
      if (e <= 0) {
        if (e < -10) {
          return (short) sign; // underflow to zero
        }
        int m = mant | 0x800000;
        int shift = 14 - e;
        int half = m >>> shift;
        int rem = m & ((1 << shift) - 1);
        int mid = 1 << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1) == 1)) {
          half++;
        }
        return (short) (sign | half);
      }
      int half = (e << 10) | (mant >>> 13);
      int rem = mant & 0x1fff;
      if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
        half++; // may carry into the exponent, which is the correct rounding
      }
      return (short) (sign | half);
    }
  }
}
