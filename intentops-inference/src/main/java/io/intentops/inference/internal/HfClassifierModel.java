package io.intentops.inference.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.core.InferenceException;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.inference.encoder.TokenizedText;
import io.intentops.inference.encoder.internal.OrtRuntime;
import io.intentops.inference.observation.InferenceStage;
import io.intentops.inference.observation.internal.StageObserver;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/** A Hugging Face ONNX sequence-classification export: the graph itself produces {@code logits [batch, classes]}. Thread-safe. */
final class HfClassifierModel implements LogitsModel {
  private final TextTokenizer tokenizer;
  private final OrtSession session;
  private final String output;
  private final int classes;
  private final boolean typeIds;
  private final StageObserver stages;

  HfClassifierModel(TextTokenizer tokenizer, OrtSession session, String output, int classes, StageObserver stages) {
    this.stages = stages;
    this.tokenizer = tokenizer;
    this.session = session;
    this.output = output;
    this.classes = classes;
    this.typeIds = session.getInputNames().contains("token_type_ids");
  }

  @Override
  public Output forward(List<String> texts) {
    return forward(texts, 0);
  }

  @Override
  public Output forward(List<String> texts, int queueDepth) {
    TokenBatch batch = stages.observe(InferenceStage.PREPROCESS, texts.size(), () -> tokenizer.encodeBatch(texts));
    double[][] logits = stages.observe(InferenceStage.INFERENCE_FORWARD, texts.size(), queueDepth, () -> logits(batch));
    boolean[] truncated = new boolean[texts.size()];
    for (int i = 0; i < truncated.length; i++) {
      truncated[i] = batch.items().get(i).truncated();
    }
    return new Output(logits, null, truncated);
  }

  @Override
  public Output forwardVariants(String text, List<int[]> words, boolean[][] keep) {
    TokenizedText full = tokenizer.encode(text);
    int[] tokenWord = WordMasks.tokenWords(full, words);
    List<TokenizedText> variants = new ArrayList<>(keep.length);
    for (boolean[] k : keep) {
      variants.add(WordMasks.keep(full, tokenWord, k));
    }
    boolean[] truncated = new boolean[keep.length];
    java.util.Arrays.fill(truncated, full.truncated());
    return new Output(logits(TokenBatch.of(variants)), null, truncated);
  }

  private double[][] logits(TokenBatch batch) {
    return OrtRuntime.run(session, batch, typeIds, (r, b) -> {
      OnnxValue v = r.get(output).orElseThrow(() -> new InferenceException("Model produced no '" + output + "' output"));
      FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
      if (fb.remaining() != b.batchSize() * classes) {
        throw new InferenceException("Model returned " + fb.remaining() + " logits for " + b.batchSize()
            + " texts and " + classes + " labels");
      }
      double[][] out = new double[b.batchSize()][classes];
      for (int i = 0; i < out.length; i++) {
        for (int c = 0; c < classes; c++) {
          out[i][c] = fb.get(i * classes + c);
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new InferenceException("Cannot close session: " + e.getMessage(), e);
    } finally {
      tokenizer.close();
    }
  }
}
