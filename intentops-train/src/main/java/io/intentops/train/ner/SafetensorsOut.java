package io.intentops.train.ner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ModelManifests;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal safetensors writer (F32 and I8) for NER weight files. Interim and package-private: the
 * shared {@code io.intentops.inference.bundle.SafeTensors} has no I8 type, which the int8 deltas need.
 * Tensors are written in name order, so equal content gives equal bytes.
 */
final class SafetensorsOut {
  private SafetensorsOut() {}

  /** A tensor to write: F32 ({@code floats}) or I8 ({@code bytes}). */
  record T(long[] shape, float[] floats, byte[] bytes) {
    static T f32(long[] shape, float[] v) {
      return new T(shape, v, null);
    }

    static T i8(long[] shape, byte[] v) {
      return new T(shape, null, v);
    }
  }

  static byte[] toBytes(Map<String, T> tensors, Map<String, String> metadata) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    new TreeMap<>(metadata).forEach(meta::put);
    long offset = 0;
    Map<String, T> sorted = new TreeMap<>(tensors);
    for (Map.Entry<String, T> e : sorted.entrySet()) {
      T t = e.getValue();
      long len = t.floats() != null ? 4L * t.floats().length : t.bytes().length;
      ObjectNode n = header.putObject(e.getKey());
      n.put("dtype", t.floats() != null ? "F32" : "I8");
      var shape = n.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      var offs = n.putArray("data_offsets");
      offs.add(offset);
      offs.add(offset + len);
      offset += len;
    }
    byte[] h;
    try {
      h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int pad = (8 - h.length % 8) % 8; // keep tensor data 8-byte aligned
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, offset + h.length + 16));
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad);
    out.writeBytes(len.array());
    out.writeBytes(h);
    for (int i = 0; i < pad; i++) {
      out.write(' ');
    }
    for (T t : sorted.values()) {
      if (t.floats() != null) {
        ByteBuffer b = ByteBuffer.allocate(4 * t.floats().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(t.floats());
        out.writeBytes(b.array());
      } else {
        out.writeBytes(t.bytes());
      }
    }
    return out.toByteArray();
  }

  static void write(Path file, Map<String, T> tensors, Map<String, String> metadata) {
    ModelManifests.writeAtomically(file, toBytes(tensors, metadata));
  }
}
