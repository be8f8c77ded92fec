package io.intentops.samples.quickstart;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.SentenceEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small but real intent bundle: six BANKING77 intents, a nearest-centroid linear head fitted
 * on five example queries each, embedded with the INT8 bge-small encoder (from the langchain4j model
 * jar on the classpath), and those examples as the kNN out-of-scope bank. The OOS threshold is the
 * largest leave-one-out OOS score of the examples, so every example is in scope when held out.
 *
 * <p>It stands in for the reference BANKING77 bundle in samples and their tests; it is a demo model,
 * not a benchmark. Writing it takes one encoder run over 30 texts. Stateless and thread-safe.
 */
public final class DemoIntentBundle {
  /** The version the bundle reports. */
  public static final ModelVersion VERSION = ModelVersion.parse("1.2.0-7");
  /** Classpath name of the encoder inside the langchain4j model jar. */
  public static final String ENCODER = "bge-small-en-v1.5-q.onnx";
  /** Classpath name of its tokenizer. */
  public static final String TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";
  /** Neighbours averaged by the kNN OOS score. */
  public static final int OOS_K = 2;

  /** Example queries per intent (BANKING77 label names). */
  public static final Map<String, List<String>> EXAMPLES = examples();

  private DemoIntentBundle() {}

  private static Map<String, List<String>> examples() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("card_arrival", List.of("my card has not arrived yet", "when will my new card arrive",
        "I still haven't received my card", "how long does card delivery take", "where is my card, it's been a week"));
    m.put("exchange_rate", List.of("what is the exchange rate", "how much is one euro in dollars",
        "which exchange rate do you use", "what's today's currency conversion rate", "is the pound to euro rate good"));
    m.put("top_up_failed", List.of("my top up failed", "the top-up did not go through",
        "why was my top up declined", "top up is not working", "I tried to add money but it failed"));
    m.put("lost_or_stolen_card", List.of("I lost my card", "my card was stolen",
        "someone stole my wallet with my card", "I can't find my card anywhere", "please block my lost card"));
    m.put("pin_blocked", List.of("my pin is blocked", "I entered the wrong pin too many times",
        "how do I unblock my pin", "my card pin got locked", "pin blocked after three attempts"));
    m.put("balance_not_updated_after_bank_transfer", List.of("my balance did not update after the transfer",
        "I transferred money but my balance is the same", "the bank transfer is not showing in my balance",
        "why hasn't my balance changed after the transfer", "transfer done but balance not updated"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Writes the bundle into the directory given as the only argument, e.g. for the Spring Boot sample's {@code MODEL_PATH}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: DemoIntentBundle <directory>");
      System.exit(2);
    }
    Path dir = write(Path.of(args[0]));
    System.out.println("wrote demo bundle " + VERSION + " to " + dir.toAbsolutePath());
  }

  /**
   * Writes the bundle into {@code dir} (created if missing): {@code manifest.json},
   * {@code head.safetensors} and {@code tokenizer.json}.
   *
   * @return {@code dir}
   * @throws ModelLoadException when the encoder is not on the classpath or the bundle cannot be written
   */
  public static Path write(Path dir) {
    List<String> texts = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    int c = 0;
    for (List<String> ex : EXAMPLES.values()) {
      for (String t : ex) {
        texts.add(t);
        classOf.add(c);
      }
      c++;
    }
    float[][] x;
    try (SentenceEncoder enc = SentenceEncoder.builder().model(ModelResource.classpath(ENCODER))
        .tokenizer(ModelResource.classpath(TOKENIZER)).build()) {
      x = enc.embed(texts);
    }
    int n = x.length;
    int d = x[0].length;
    // Standardise features, then each class's weight row is the mean of its standardised examples
    // (a nearest-centroid classifier expressed as the bundle's linear head).
    float[] mean = new float[d];
    float[] scale = new float[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      double ss = 0;
      for (float[] r : x) {
        s += r[j];
        ss += (double) r[j] * r[j];
      }
      mean[j] = (float) (s / n);
      scale[j] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, ss / n - (s / n) * (s / n))));
    }
    int[] count = new int[c];
    classOf.forEach(k -> count[k]++);
    float[] w = new float[c * d];
    for (int i = 0; i < n; i++) {
      int k = classOf.get(i);
      for (int j = 0; j < d; j++) {
        w[k * d + j] += (float) ((x[i][j] - mean[j]) / scale[j] / count[k] / Math.sqrt(d));
      }
    }
    float[] bank = new float[n * d];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (float v : x[i]) {
        norm += (double) v * v;
      }
      for (int j = 0; j < d; j++) {
        bank[i * d + j] = (float) (x[i][j] / Math.sqrt(norm));
      }
    }
    double threshold = leaveOneOutMax(bank, n, d);
    double temperature = fitTemperature(x, classOf, mean, scale, w, c, d);
    try {
      Files.createDirectories(dir);
      new IntentHeadWeights(mean, scale, w, new float[c], c, d, bank, n)
          .write(dir.resolve(IntentHeadWeights.FILE), false, Map.of());
      byte[] tok = ModelResource.classpath(TOKENIZER).readAllBytes();
      Files.write(dir.resolve("tokenizer.json"), tok);
      Checksum encoderSha = ModelResource.classpath(ENCODER).sha256();
      ModelManifest m = new ModelManifest(ModelManifest.CURRENT_FORMAT, "demo-banking-intent", VERSION, Task.INTENT,
          new ModelManifest.EncoderRef("bge-small-en-v1.5-q", "classpath:/" + ENCODER, encoderSha, "mean", 128),
          Checksum.sha256(tok), new ArrayList<>(EXAMPLES.keySet()), temperature,
          new ModelManifest.OosConfig("knn-cosine", threshold, 1.0, Map.of("k", (double) OOS_K)),
          BundleFiles.digests(dir, List.of(IntentHeadWeights.FILE, "tokenizer.json")), Map.of(), Map.of(),
          Instant.parse("2025-06-01T00:00:00Z"), 2025, Map.of("note", "samples demo bundle, 5 examples per intent"));
      ModelManifests.write(m, dir.resolve(BundleFiles.MANIFEST));
    } catch (IOException e) {
      throw new ModelLoadException("Cannot write the demo bundle to " + dir + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new ModelLoadException("Cannot write the demo bundle to " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  // Temperature scaling: the T on a log grid from 0.25 to 64 that minimises the negative
  // log-likelihood of the examples, each scored leave-one-out (its own class centroid without it), so
  // the fit sees held-out logits rather than the separable training ones.
  private static double fitTemperature(float[][] x, List<Integer> classOf, float[] mean, float[] scale, float[] w,
      int c, int d) {
    int[] count = new int[c];
    classOf.forEach(k -> count[k]++);
    double norm = Math.sqrt(d);
    double[][] logits = new double[x.length][c];
    for (int i = 0; i < x.length; i++) {
      double[] u = new double[d];
      for (int j = 0; j < d; j++) {
        u[j] = (x[i][j] - mean[j]) / scale[j];
      }
      int own = classOf.get(i);
      for (int k = 0; k < c; k++) {
        double z = 0;
        for (int j = 0; j < d; j++) {
          double wk = k == own ? (w[k * d + j] * count[k] - u[j] / norm) / (count[k] - 1) : w[k * d + j];
          z += wk * u[j];
        }
        logits[i][k] = z;
      }
    }
    double best = 1;
    double bestNll = Double.POSITIVE_INFINITY;
    for (double t = 0.25; t <= 64; t *= 1.05) {
      double nll = 0;
      for (int i = 0; i < x.length; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits[i]) {
          max = Math.max(max, l / t);
        }
        double sum = 0;
        for (double l : logits[i]) {
          sum += Math.exp(l / t - max);
        }
        nll -= logits[i][classOf.get(i)] / t - max - Math.log(sum);
      }
      if (nll < bestNll) {
        bestNll = nll;
        best = t;
      }
    }
    return best;
  }

  // The OOS threshold: the largest kNN cosine score of an example against the bank without itself.
  private static double leaveOneOutMax(float[] bank, int n, int d) {
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double[] sims = new double[n - 1];
      int m = 0;
      for (int r = 0; r < n; r++) {
        if (r == i) {
          continue;
        }
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += (double) bank[i * d + j] * bank[r * d + j];
        }
        sims[m++] = dot;
      }
      java.util.Arrays.sort(sims);
      double top = 0;
      for (int k = 0; k < OOS_K; k++) {
        top += sims[sims.length - 1 - k];
      }
      worst = Math.max(worst, 1 - top / OOS_K);
    }
    return worst;
  }
}
