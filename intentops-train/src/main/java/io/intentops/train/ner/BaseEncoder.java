package io.intentops.train.ner;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import io.intentops.train.bert.BertConfig;
import java.io.IOException;
import java.io.InputStream;

/**
 * The base encoder a NER model is fine-tuned from: ONNX bytes, tokenizer JSON, their sources as a
 * bundle manifest records them, and the BERT shape. Immutable (the arrays are not copied; do not
 * modify them) and thread-safe.
 *
 * @param id encoder name, e.g. {@code bge-small-en-v1.5}
 * @param onnxSource where serving loads the ONNX from, e.g. {@code classpath:/bge-small-en-v1.5.onnx}
 * @param onnx the ONNX model bytes
 * @param tokenizerSource where serving loads {@code tokenizer.json} from
 * @param tokenizerJson the tokenizer JSON bytes
 * @param config BERT shape
 */
public record BaseEncoder(String id, String onnxSource, byte[] onnx, String tokenizerSource, byte[] tokenizerJson,
    BertConfig config) {

  /** Classpath resource of the bge-small-en-v1.5 ONNX model (langchain4j embeddings jar). */
  public static final String BGE_SMALL_ONNX = "/bge-small-en-v1.5.onnx";
  /** Classpath resource of its tokenizer. */
  public static final String BGE_SMALL_TOKENIZER = "/bge-small-en-v1.5-tokenizer.json";

  /** bge-small-en-v1.5 from the classpath. */
  public static BaseEncoder bgeSmall() {
    return new BaseEncoder("bge-small-en-v1.5", "classpath:" + BGE_SMALL_ONNX, resource(BGE_SMALL_ONNX),
        "classpath:" + BGE_SMALL_TOKENIZER, resource(BGE_SMALL_TOKENIZER), BertConfig.BGE_SMALL);
  }

  private static byte[] resource(String name) {
    try (InputStream in = BaseEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException("Classpath resource " + name + " not found (is langchain4j-embeddings-"
            + "bge-small-en-v15 on the classpath?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read classpath resource " + name + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of the ONNX bytes. */
  public Checksum onnxSha256() {
    return Checksum.sha256(onnx);
  }

  /** SHA-256 of the tokenizer JSON bytes. */
  public Checksum tokenizerSha256() {
    return Checksum.sha256(tokenizerJson);
  }
}
