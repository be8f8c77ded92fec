package io.intentops.inference;

import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small real intent bundle on the INT8 bge-small encoder: a nearest-centroid linear head
 * computed from a dozen example texts, and those texts' embeddings as the kNN OOS bank.
 */
final class TestBundles {
  static final Map<String, List<String>> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("card_arrival", List.of("my card has not arrived", "when will my card arrive",
        "I still haven't received my new card", "how long does card delivery take"));
    EXAMPLES.put("exchange_rate", List.of("what is the exchange rate", "how much is the euro to dollar rate",
        "which exchange rate do you use", "currency conversion rate today"));
    EXAMPLES.put("top_up_failed", List.of("my top up failed", "the top-up did not go through",
        "why was my top up declined", "top up is not working"));
  }

  static final double OOS_THRESHOLD = 0.3;
  private static Checksum encoderSha;

  private TestBundles() {}

  static synchronized Checksum encoderSha() {
    if (encoderSha == null) {
      encoderSha = ModelResource.classpath(TestModels.BGE_Q).sha256();
    }
    return encoderSha;
  }

  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> texts = new ArrayList<>();
    EXAMPLES.values().forEach(texts::addAll);
    float[][] x;
    try (SentenceEncoder enc = SentenceEncoder.builder().model(ModelResource.classpath(TestModels.BGE_Q))
        .tokenizer(ModelResource.classpath(TestModels.BGE_TOKENIZER)).build()) {
      x = enc.embed(texts);
    }
    int n = x.length;
    int d = x[0].length;
    int c = EXAMPLES.size();
    float[] mean = new float[d];
    float[] scale = new float[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      double ss = 0;
      for (float[] r : x) {
        s += r[j];
        ss += r[j] * r[j];
      }
      mean[j] = (float) (s / n);
      scale[j] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, ss / n - mean[j] * mean[j])));
    }
    float[] w = new float[c * d];
    for (int k = 0; k < c; k++) {
      for (int i = k * 4; i < k * 4 + 4; i++) {
        for (int j = 0; j < d; j++) {
          w[k * d + j] += (x[i][j] - mean[j]) / scale[j] / 4 / (float) Math.sqrt(d);
        }
      }
    }
    float[] bank = new float[n * d];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (float v : x[i]) {
        norm += v * v;
      }
      for (int j = 0; j < d; j++) {
        bank[i * d + j] = (float) (x[i][j] / Math.sqrt(norm));
      }
    }
    new IntentHeadWeights(mean, scale, w, new float[c], c, d, bank, n)
        .write(dir.resolve(IntentHeadWeights.FILE), true, Map.of());
    byte[] tok = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    Files.write(dir.resolve("tokenizer.json"), tok);
    ModelManifest m = new ModelManifest(ModelManifest.CURRENT_FORMAT, "tiny-intent", ModelVersion.parse("1.2.0-7"),
        Task.INTENT,
        new ModelManifest.EncoderRef("bge-small-en-v1.5-q", "classpath:/" + TestModels.BGE_Q, encoderSha(), "mean", 128),
        Checksum.sha256(tok), new ArrayList<>(EXAMPLES.keySet()), 0.5,
        new ModelManifest.OosConfig("knn-cosine", OOS_THRESHOLD, 0.95, Map.of("k", 2.0)),
        BundleFiles.digests(dir, List.of(IntentHeadWeights.FILE, "tokenizer.json")), Map.of(), Map.of(),
        Instant.parse("2025-06-01T00:00:00Z"), 2025, Map.of());
    ModelManifests.write(m, dir.resolve(BundleFiles.MANIFEST));
    return dir;
  }
}
