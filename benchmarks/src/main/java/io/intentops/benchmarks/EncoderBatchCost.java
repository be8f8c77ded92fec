package io.intentops.benchmarks;

import io.intentops.benchmarks.peers.PeerModels;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.models.ReferenceModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A diagnostic, not a benchmark of ours against anyone: the FP32 encoder's wall time per text for one
 * run of {@code b} texts, to show where micro-batching's gain ends. For each intra-op thread count in
 * the arguments (default 1 and 2) and each batch size 1, 4, 8, 16, 32, 64 it embeds the first
 * {@code b} of {@link PeerModels#TEXTS} (cycled) in one {@link SentenceEncoder#embed(TokenBatch)} call,
 * 3 warm-up runs then enough runs for about 400 texts, twice, and prints the padded length and the mean
 * microseconds per text. Usage: {@code java -cp ... io.intentops.benchmarks.EncoderBatchCost [threads...]}.
 */
public final class EncoderBatchCost {
  private EncoderBatchCost() {}

  public static void main(String[] args) {
    List<Integer> threads = new ArrayList<>();
    for (String a : args) {
      threads.add(Integer.parseInt(a));
    }
    if (threads.isEmpty()) {
      threads = List.of(1, 2);
    }
    System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
    for (int t : threads) {
      try (SentenceEncoder enc = SentenceEncoder.builder().model(ModelResource.classpath(PeerModels.ENCODER_RESOURCE))
          .tokenizer(ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"))
          .maxTokens(PeerModels.MAX_TOKENS).sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(t)).build()) {
        for (int rep = 0; rep < 2; rep++) {
          for (int bs : new int[] {1, 4, 8, 16, 32, 64}) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < bs; i++) {
              batch.add(PeerModels.TEXTS.get(i % PeerModels.TEXTS.size()));
            }
            TokenBatch tb = enc.tokenizer().encodeBatch(batch);
            int runs = Math.max(3, 400 / bs);
            for (int i = 0; i < 3; i++) {
              enc.embed(tb);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
              enc.embed(tb);
            }
            double usPerText = (System.nanoTime() - t0) / 1e3 / runs / bs;
            System.out.printf(Locale.ROOT, "intra-op threads %d, batch %3d, padded length %2d, tokens %4d: %6.0f us per text%n",
                t, bs, tb.seqLen(), bs * tb.seqLen(), usPerText);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
