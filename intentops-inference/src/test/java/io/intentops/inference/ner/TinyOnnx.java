package io.intentops.inference.ner;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes real (tiny) ONNX models with protobuf-java, for tests: a token-classification graph whose
 * logits are a lookup table row per input id ({@code Gather(table, input_ids)}), shaped like a
 * Hugging Face export (inputs {@code input_ids}, {@code attention_mask}; output {@code logits}).
 */
public final class TinyOnnx {
  private TinyOnnx() {}

  /** A model with logits[b][t] = table[input_ids[b][t]]; table is [vocab][labels]. */
  public static byte[] lookupLogits(float[][] table) {
    int vocab = table.length;
    int labels = table[0].length;
    float[] flat = new float[vocab * labels];
    for (int i = 0; i < vocab; i++) {
      System.arraycopy(table[i], 0, flat, i * labels, labels);
    }
    byte[] graph = message(g -> {
      g.writeBytes(1, bs(message(n -> { // node
        n.writeString(1, "table");
        n.writeString(1, "input_ids");
        n.writeString(2, "logits");
        n.writeString(3, "/classifier/Gather");
        n.writeString(4, "Gather");
        n.writeBytes(5, bs(message(a -> {
          a.writeString(1, "axis");
          a.writeInt64(3, 0);
          a.writeEnum(20, 2); // AttributeProto.INT
        })));
      })));
      g.writeString(2, "tiny-token-classifier");
      g.writeBytes(5, bs(message(t -> { // initializer
        t.writeInt64(1, vocab);
        t.writeInt64(1, labels);
        t.writeInt32(2, 1); // FLOAT
        t.writeString(8, "table");
        ByteBuffer b = ByteBuffer.allocate(4 * flat.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(flat);
        t.writeBytes(9, bs(b.array()));
      })));
      g.writeBytes(11, bs(valueInfo("input_ids", 7, new Object[] {"batch", "seq"})));
      g.writeBytes(11, bs(valueInfo("attention_mask", 7, new Object[] {"batch", "seq"})));
      g.writeBytes(12, bs(valueInfo("logits", 1, new Object[] {"batch", "seq", (long) labels})));
    });
    return message(m -> {
      m.writeInt64(1, 8); // ir_version
      m.writeString(2, "intentops-test");
      m.writeBytes(7, bs(graph));
      m.writeBytes(8, bs(message(o -> {
        o.writeString(1, "");
        o.writeInt64(2, 13);
      })));
    });
  }

  private static byte[] valueInfo(String name, int elemType, Object[] dims) {
    return message(v -> {
      v.writeString(1, name);
      v.writeBytes(2, bs(message(tp -> tp.writeBytes(1, bs(message(tt -> {
        tt.writeInt32(1, elemType);
        tt.writeBytes(2, bs(message(sh -> {
          for (Object d : dims) {
            sh.writeBytes(1, bs(message(dim -> {
              if (d instanceof Long l) {
                dim.writeInt64(1, l);
              } else {
                dim.writeString(2, (String) d);
              }
            })));
          }
        })));
      }))))));
    });
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static com.google.protobuf.ByteString bs(byte[] b) {
    return com.google.protobuf.ByteString.copyFrom(b);
  }
}
