package io.intentops.inference.encoder;

/** Classpath names of the test encoders (langchain4j model jars, test scope). */
public final class TestModels {
  public static final String BGE = "bge-small-en-v1.5.onnx";
  public static final String BGE_Q = "bge-small-en-v1.5-q.onnx";
  public static final String BGE_TOKENIZER = "bge-small-en-v1.5-tokenizer.json";
  public static final String MINILM = "all-minilm-l6-v2.onnx";
  public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

  private TestModels() {}

  /** A bge-small tokenizer with the given limit. */
  public static TextTokenizer bgeTokenizer(int maxTokens) {
    return TextTokenizer.load(ModelResource.classpath(BGE_TOKENIZER), maxTokens);
  }
}
