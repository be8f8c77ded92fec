package io.intentops.train.intent;

import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.SentenceEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Embedding for {@link IntentTrainer}: opens the frozen encoder and the embedding cache from the
 * trainer's settings, and embeds texts in length-sorted batches through the cache. Stateless; the
 * encoder and store it opens belong to the caller (close them).
 */
final class TrainerEmbedding {
  private TrainerEmbedding() {}

  /** The encoder the settings describe. */
  static SentenceEncoder encoder(IntentTrainer.Builder b) {
    return SentenceEncoder.builder().model(b.model).tokenizer(b.tokenizer).pooling(b.pooling)
        .maxTokens(b.maxTokens).sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(b.threads)).build();
  }

  /** The embedding cache of the settings for {@code enc}, or an in-memory one when none is set. */
  static EmbeddingStore store(IntentTrainer.Builder b, SentenceEncoder enc) {
    return b.embeddingCache == null ? EmbeddingStore.memory()
        : EmbeddingStore.open(b.embeddingCache, enc.modelSha256(), b.pooling.id(), b.maxTokens);
  }

  /** Embeddings of {@code texts} in input order; cached ones are not re-embedded. */
  static float[][] embed(IntentTrainer.Builder b, SentenceEncoder enc, EmbeddingStore store, List<String> texts,
      String phase) {
    float[][] out = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out[i] = store.get(texts.get(i));
      if (out[i] == null) {
        missing.add(i);
      }
    }
    Integer[] order = missing.toArray(Integer[]::new);
    // Length-sorted batches keep padding small; results go back to input order.
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> texts.get(i).length()).thenComparingInt(i -> i));
    b.reportProgress(phase, texts.size() - order.length, texts.size());
    for (int s = 0; s < order.length; s += b.batchSize) {
      int e = Math.min(order.length, s + b.batchSize);
      List<String> batch = new ArrayList<>(e - s);
      for (int j = s; j < e; j++) {
        batch.add(texts.get(order[j]));
      }
      float[][] v = enc.embed(batch);
      for (int j = s; j < e; j++) {
        out[order[j]] = v[j - s];
      }
      store.putAll(batch, v);
      b.reportProgress(phase, texts.size() - order.length + e, texts.size());
    }
    return out;
  }
}
