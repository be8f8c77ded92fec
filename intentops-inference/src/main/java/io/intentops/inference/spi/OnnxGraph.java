package io.intentops.inference.spi;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.intentops.core.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The nodes and initializers of an ONNX model, read straight from its protobuf encoding (only the
 * fields needed to find and read weights). Immutable after {@link #parse}; thread-safe.
 *
 * <p>Why hand-parse: ONNX Runtime's Java API does not expose initializer values, and both training
 * (loading the base encoder into DJL) and serving (merging fine-tuned deltas before
 * {@code addInitializer}) need them. Field numbers follow {@code onnx.proto}: ModelProto.graph = 7;
 * GraphProto.node = 1, initializer = 5; NodeProto input = 1, output = 2, name = 3, op_type = 4;
 * TensorProto dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9.
 */
public final class OnnxGraph {
  /** ONNX TensorProto.DataType FLOAT. */
  public static final int FLOAT = 1;

  /** One graph node. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  /** One initializer; values are decoded on demand from the model bytes. */
  public static final class Initializer {
    private final String name;
    private final long[] dims;
    private final int dataType;
    private final byte[] source;
    private final int rawOffset;
    private final int rawLength;
    private final float @Nullable [] floatData;

    Initializer(String name, long[] dims, int dataType, byte[] source, int rawOffset, int rawLength,
        float @Nullable [] floatData) {
      this.name = name;
      this.dims = dims;
      this.dataType = dataType;
      this.source = source;
      this.rawOffset = rawOffset;
      this.rawLength = rawLength;
      this.floatData = floatData;
    }

    /** The initializer's name in the graph. */
    public String name() {
      return name;
    }

    /** Its shape. */
    public long[] dims() {
      return dims.clone();
    }

    /** ONNX data type code ({@link #FLOAT} = 1). */
    public int dataType() {
      return dataType;
    }

    /** Number of elements. */
    public long size() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    /** Values as floats (row-major); fails for non-float tensors. */
    public float[] floats() {
      if (dataType != FLOAT) {
        throw new ModelLoadException("ONNX initializer " + name + " has data type " + dataType + ", expected FLOAT");
      }
      if (floatData != null) {
        return floatData.clone();
      }
      int n = Math.toIntExact(size());
      if (rawLength != 4L * n) {
        throw new ModelLoadException("ONNX initializer " + name + " has " + rawLength + " raw bytes for " + n
            + " floats");
      }
      float[] out = new float[n];
      ByteBuffer.wrap(source, rawOffset, rawLength).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
  }

  private final List<Node> nodes;
  private final Map<String, Initializer> initializers;

  private OnnxGraph(List<Node> nodes, Map<String, Initializer> initializers) {
    this.nodes = Collections.unmodifiableList(nodes);
    this.initializers = Collections.unmodifiableMap(initializers);
  }

  /** All nodes in graph order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Initializers by name, in file order. */
  public Map<String, Initializer> initializers() {
    return initializers;
  }

  /**
   * Parses a serialised ModelProto. The returned graph keeps a reference to {@code model} (raw tensor
   * data is decoded lazily), so the array must not be modified afterwards.
   *
   * @param source names the model in error messages
   * @throws ModelLoadException when the bytes are not a valid ONNX model
   */
  public static OnnxGraph parse(byte[] model, String source) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(model);
      in.setSizeLimit(Integer.MAX_VALUE);
      List<Node> nodes = new ArrayList<>();
      Map<String, Initializer> inits = new LinkedHashMap<>();
      boolean sawGraph = false;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int len = in.readRawVarint32();
          int limit = in.pushLimit(len);
          readGraph(in, model, nodes, inits);
          in.popLimit(limit);
          sawGraph = true;
        } else {
          in.skipField(tag);
        }
      }
      if (!sawGraph) {
        throw new ModelLoadException("ONNX model " + source + " has no graph (field 7)");
      }
      return new OnnxGraph(nodes, inits);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelLoadException m) {
        throw m;
      }
      throw new ModelLoadException("Malformed ONNX model " + source + ": " + e.getMessage(), e);
    }
  }

  private static void readGraph(CodedInputStream in, byte[] model, List<Node> nodes, Map<String, Initializer> inits)
      throws IOException {
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        nodes.add(readNode(in));
        in.popLimit(limit);
      } else if (field == 5 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        Initializer t = readTensor(in, model);
        in.popLimit(limit);
        inits.put(t.name, t);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static Node readNode(CodedInputStream in) throws IOException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String op = "";
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 2 -> outputs.add(in.readStringRequireUtf8());
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> op = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
  }

  private static Initializer readTensor(CodedInputStream in, byte[] model) throws IOException {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    int rawOffset = 0;
    int rawLength = 0;
    List<Float> floats = null;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      switch (field) {
        case 1 -> {
          if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) { // packed
            int limit = in.pushLimit(in.readRawVarint32());
            while (!in.isAtEnd()) {
              dims.add(in.readInt64());
            }
            in.popLimit(limit);
          } else {
            dims.add(in.readInt64());
          }
        }
        case 2 -> dataType = in.readInt32();
        case 4 -> {
          if (floats == null) {
            floats = new ArrayList<>();
          }
          if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (!in.isAtEnd()) {
              floats.add(in.readFloat());
            }
            in.popLimit(limit);
          } else {
            floats.add(in.readFloat());
          }
        }
        case 8 -> name = in.readStringRequireUtf8();
        case 9 -> {
          rawLength = in.readRawVarint32();
          rawOffset = in.getTotalBytesRead();
          in.skipRawBytes(rawLength);
        }
        default -> in.skipField(tag);
      }
    }
    long[] d = dims.stream().mapToLong(Long::longValue).toArray();
    float[] fd = null;
    if (floats != null) {
      fd = new float[floats.size()];
      for (int i = 0; i < fd.length; i++) {
        fd[i] = floats.get(i);
      }
    }
    return new Initializer(name, d, dataType, model, rawOffset, rawLength, fd);
  }

  /**
   * Finds the initializer holding a BERT weight given its Hugging Face name. Named initializers
   * (biases, LayerNorms, embeddings) are returned directly. Linear weights
   * ({@code encoder.layer.0.attention.self.query.weight}) are exported as anonymous MatMul
   * initializers ({@code onnx::MatMul_1525}) stored as [in, out], i.e. transposed; they are found via
   * the node {@code /encoder/layer.0/attention/self/query/MatMul}.
   *
   * @return the initializer and whether it is stored transposed relative to [out, in]
   */
  public Optional<Resolved> resolve(String hfName) {
    Initializer direct = initializers.get(hfName);
    if (direct != null) {
      return Optional.of(new Resolved(direct, false));
    }
    if (hfName.endsWith(".weight")) {
      String module = hfName.substring(0, hfName.length() - ".weight".length());
      String nodeName = "/" + module.replaceAll("\\.(?=[a-z_]+)", "/") + "/MatMul";
      nodeName = nodeName.replaceAll("/layer/(\\d+)", "/layer.$1");
      for (Node n : nodes) {
        if (n.opType().equals("MatMul") && n.name().equals(nodeName)) {
          for (String input : n.inputs()) {
            Initializer t = initializers.get(input);
            if (t != null) {
              return Optional.of(new Resolved(t, true));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A resolved weight: the initializer and whether it holds the transpose of the [out, in] weight. */
  public record Resolved(Initializer initializer, boolean transposed) {}
}
