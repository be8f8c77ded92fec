package io.intentops.inference.ner.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ModelIntegrityException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal safetensors reader for NER weight files (F32 and I8). Interim: the shared
 * {@code io.intentops.inference.bundle.SafeTensors} has no I8 type, which int8 deltas need. Rejects
 * truncated or inconsistent files with {@link ModelIntegrityException}. Thread-safe (stateless).
 */
public final class SafetensorsIn {
  private SafetensorsIn() {}

  /** One tensor: exactly one of {@code floats} / {@code bytes} is set. */
  public record Tensor(long[] shape, float @org.jspecify.annotations.Nullable [] floats,
      byte @org.jspecify.annotations.Nullable [] bytes) {
    /** The F32 values; fails for another type. */
    public float[] f32(String name) {
      if (floats == null) {
        throw new ModelIntegrityException("Tensor " + name + " is not F32");
      }
      return floats;
    }

    /** The I8 values; fails for another type. */
    public byte[] i8(String name) {
      if (bytes == null) {
        throw new ModelIntegrityException("Tensor " + name + " is not I8");
      }
      return bytes;
    }
  }

  /** Parses a whole file. */
  public static Map<String, Tensor> read(byte[] file, String source) {
    if (file.length < 8) {
      throw new ModelIntegrityException("Safetensors file " + source + " is truncated (" + file.length + " bytes)");
    }
    long hlen = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (hlen < 2 || hlen > file.length - 8) {
      throw new ModelIntegrityException("Safetensors file " + source + " has an invalid header length " + hlen);
    }
    JsonNode header;
    try {
      header = new ObjectMapper().readTree(new String(file, 8, (int) hlen, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new ModelIntegrityException("Safetensors file " + source + " has a malformed header: " + e.getMessage(), e);
    }
    int base = 8 + (int) hlen;
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      String name = e.getKey();
      JsonNode n = e.getValue();
      String dtype = n.path("dtype").asText();
      JsonNode sh = n.path("shape");
      if (!sh.isArray()) {
        throw invalidShape(source, name, sh);
      }
      long[] shape = new long[sh.size()];
      long numel = 1;
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = sh.get(i);
        if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
          throw invalidShape(source, name, sh);
        }
        shape[i] = d.asLong();
        try {
          // Exact: a wrapped product could match a small byte count and size the arrays below wrongly.
          numel = Math.multiplyExact(numel, shape[i]);
        } catch (ArithmeticException overflow) {
          throw invalidShape(source, name, sh);
        }
      }
      long begin = n.path("data_offsets").path(0).asLong(-1);
      long end = n.path("data_offsets").path(1).asLong(-1);
      int size = dtype.equals("F32") ? 4 : dtype.equals("I8") ? 1 : -1;
      if (size < 0) {
        throw new ModelIntegrityException("Safetensors file " + source + ": tensor " + name + " has unsupported dtype "
            + dtype);
      }
      if (numel > Integer.MAX_VALUE / 4) {
        throw invalidShape(source, name, sh);
      }
      if (begin < 0 || end < begin || base + end > file.length || end - begin != numel * size) {
        throw new ModelIntegrityException("Safetensors file " + source + ": tensor " + name
            + " has inconsistent offsets [" + begin + ", " + end + ") for " + numel + " " + dtype + " values");
      }
      if (size == 4) {
        float[] f = new float[(int) numel];
        ByteBuffer.wrap(file, base + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
            .get(f);
        out.put(name, new Tensor(shape, f, null));
      } else {
        byte[] b = new byte[(int) numel];
        System.arraycopy(file, base + (int) begin, b, 0, b.length);
        out.put(name, new Tensor(shape, null, b));
      }
    }
    return out;
  }

  private static ModelIntegrityException invalidShape(String source, String name, JsonNode shape) {
    return new ModelIntegrityException("Safetensors file " + source + ": tensor " + name + " has an invalid shape "
        + shape);
  }
}
