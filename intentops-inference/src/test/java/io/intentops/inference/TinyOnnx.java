package io.intentops.inference;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a tiny but real ONNX sequence classifier with protobuf's wire format (field numbers from
 * onnx.proto): logits = sum over unmasked tokens of E[input_id], i.e. a bag-of-tokens linear model
 * taking {@code input_ids} and {@code attention_mask} like a Hugging Face export.
 */
public final class TinyOnnx {
  private TinyOnnx() {}

  /** Serialises the model; {@code e} is row-major {@code [vocab, classes]}. */
  public static byte[] bagOfTokensClassifier(float[] e, int vocab, int classes) {
    byte[] graph = msg(g -> {
      node(g, "Gather", new String[] {"E", "input_ids"}, "emb", null);
      node(g, "Cast", new String[] {"attention_mask"}, "maskf", "to");
      node(g, "Unsqueeze", new String[] {"maskf", "axes2"}, "mask3", null);
      node(g, "Mul", new String[] {"emb", "mask3"}, "prod", null);
      node(g, "ReduceSum", new String[] {"prod", "axes1"}, "logits", "keepdims");
      g.writeString(2, "tiny");
      g.writeByteArray(5, floatTensor("E", new long[] {vocab, classes}, e));
      g.writeByteArray(5, longTensor("axes1", new long[] {1}));
      g.writeByteArray(5, longTensor("axes2", new long[] {2}));
      g.writeByteArray(11, valueInfo("input_ids", 7, "batch", "seq"));
      g.writeByteArray(11, valueInfo("attention_mask", 7, "batch", "seq"));
      g.writeByteArray(12, valueInfo("logits", 1, "batch", Long.toString(classes)));
    });
    return msg(m -> {
      m.writeInt64(1, 8); // ir_version
      m.writeString(2, "intentops-test");
      m.writeByteArray(7, graph);
      m.writeByteArray(8, msg(o -> {
        o.writeString(1, "");
        o.writeInt64(2, 13);
      }));
    });
  }

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] msg(Body body) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bos);
      body.write(out);
      out.flush();
      return bos.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void node(CodedOutputStream g, String op, String[] inputs, String output, String intAttr)
      throws IOException {
    g.writeByteArray(1, msg(n -> {
      for (String i : inputs) {
        n.writeString(1, i);
      }
      n.writeString(2, output);
      n.writeString(3, op + "_" + output);
      n.writeString(4, op);
      if (intAttr != null) {
        n.writeByteArray(5, msg(a -> {
          a.writeString(1, intAttr);
          a.writeInt64(3, intAttr.equals("to") ? 1 : 0); // Cast to FLOAT; keepdims = 0
          a.writeInt32(20, 2); // AttributeType.INT
        }));
      }
    }));
  }

  private static byte[] floatTensor(String name, long[] dims, float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return tensor(name, dims, 1, b.array());
  }

  private static byte[] longTensor(String name, long[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(v);
    return tensor(name, new long[] {v.length}, 7, b.array());
  }

  private static byte[] tensor(String name, long[] dims, int type, byte[] raw) {
    return msg(t -> {
      for (long d : dims) {
        t.writeInt64(1, d);
      }
      t.writeInt32(2, type);
      t.writeString(8, name);
      t.writeByteArray(9, raw);
    });
  }

  private static byte[] valueInfo(String name, int elemType, String... dims) {
    byte[] shape = msg(s -> {
      for (String d : dims) {
        s.writeByteArray(1, msg(dim -> {
          if (Character.isDigit(d.charAt(0))) {
            dim.writeInt64(1, Long.parseLong(d));
          } else {
            dim.writeString(2, d);
          }
        }));
      }
    });
    byte[] tensorType = msg(tt -> {
      tt.writeInt32(1, elemType);
      tt.writeByteArray(2, shape);
    });
    return msg(v -> {
      v.writeString(1, name);
      v.writeByteArray(2, msg(tp -> tp.writeByteArray(1, tensorType)));
    });
  }
}
