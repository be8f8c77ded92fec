package io.intentops.reliability;

import io.intentops.core.InputLimits;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.models.ReferenceModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test models and inputs shared by the reliability tests. Seed 2025 everywhere. */
final class Fixtures {
  static final long SEED = 2025L;

  /** Inputs every predictor must reject with InvalidInputException (client errors). */
  static final List<String> BAD_INPUTS = java.util.Arrays.asList(
      null, "", "x".repeat(InputLimits.DEFAULT_MAX_CHARS + 1), "card \uD800 lost", "\uDC00");

  private static final String[] WORDS = ("my card has not arrived yet how do I top up with apple pay why was I "
      + "charged a fee for the transfer the exchange rate is wrong please cancel payment pending refund "
      + "Paris London John Smith Google iPhone weather today tomorrow poison").split(" ");

  private Fixtures() {}

  /** Short texts of 1..24 words (seeded). */
  static List<String> texts(int n, long seed) {
    Random rnd = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = 1 + rnd.nextInt(24);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < len; w++) {
        String word = WORDS[rnd.nextInt(WORDS.length - 1)]; // never "poison" (the NaN trigger)
        sb.append(w == 0 ? "" : " ").append(word);
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** A text far over the token limit but under the character limit (it is truncated, not rejected). */
  static String longText() {
    return String.join(" ", texts(1, SEED).get(0).repeat(1), "and more words ".repeat(120)).trim();
  }

  /**
   * A tiny Hugging Face sequence-classification export (real ONNX graph, bge tokenizer): logits are a
   * bag-of-tokens sum. The word "poison" has NaN logits, so texts containing it make the graph emit
   * NaN (used to inject non-finite scores).
   */
  static Path tinyExport(Path dir) throws IOException {
    return tinyExport(dir, true);
  }

  /** Like {@link #tinyExport(Path)}; without {@code nanWord} every row is finite. */
  static Path tinyExport(Path dir, boolean nanWord) throws IOException {
    Files.createDirectories(dir);
    byte[] tok = ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json").readAllBytes();
    Files.write(dir.resolve("tokenizer.json"), tok);
    int vocab = 30522;
    int classes = 3;
    float[] e = new float[vocab * classes];
    try (TextTokenizer t = TextTokenizer.load(tok, "tok", 16)) {
      long card = t.encode("card").ids()[1];
      long weather = t.encode("weather").ids()[1];
      long transfer = t.encode("transfer").ids()[1];
      long poison = t.encode("poison").ids()[1];
      e[(int) card * classes] = 3f;
      e[(int) weather * classes + 1] = 3f;
      e[(int) transfer * classes + 2] = 3f;
      for (int c = 0; nanWord && c < classes; c++) {
        e[(int) poison * classes + c] = Float.NaN;
      }
    }
    Files.write(dir.resolve("model.onnx"), io.intentops.inference.TinyOnnx.bagOfTokensClassifier(e, vocab, classes));
    Files.writeString(dir.resolve("config.json"),
        "{\"id2label\":{\"0\":\"card\",\"1\":\"weather\",\"2\":\"transfer\"}}");
    return dir;
  }

  /**
   * A tiny Hugging Face token-classification export (lookup-table ONNX graph, bge tokenizer): "john"
   * scores B-person, "paris"/"london" B-location, everything else O.
   */
  static Path tinyNerExport(Path dir) throws IOException {
    Files.createDirectories(dir);
    byte[] tok = ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json").readAllBytes();
    Files.write(dir.resolve("tokenizer.json"), tok);
    float[][] table = new float[30522][3];
    for (float[] row : table) {
      row[0] = 3f;
    }
    try (TextTokenizer t = TextTokenizer.load(tok, "tok", 16)) {
      for (String w : List.of("john", "paris", "london")) {
        int id = (int) t.encode(w).ids()[1];
        table[id][0] = 0f;
        table[id][w.equals("john") ? 1 : 2] = 5f;
      }
    }
    Files.write(dir.resolve("model.onnx"), io.intentops.inference.ner.TinyOnnx.lookupLogits(table));
    Files.writeString(dir.resolve("config.json"), "{\"id2label\":{\"0\":\"O\",\"1\":\"B-person\",\"2\":\"B-location\"}}");
    return dir;
  }

  static IntentPredictor tinyPredictor(Path dir, String version) {
    return IntentPredictor.builder().huggingFace(dir).huggingFaceVersion(ModelVersion.parse(version))
        .intraOpThreads(1).build();
  }

  /**
   * The BANKING77 reference bundle with the INT8 bge-small encoder (same head, tokenizer and labels;
   * what the models module's INT8 test and benchmark do). With {@code copyEncoder} the ONNX file is
   * copied into the bundle directory, so corrupting it on disk is possible.
   */
  static Path banking77Int8(Path dir, boolean copyEncoder) throws IOException {
    Files.createDirectories(dir);
    ModelResource src = ModelResource.classpath(ReferenceModels.BANKING77_INTENT);
    for (String f : List.of("head.safetensors", "tokenizer.json")) {
      Files.write(dir.resolve(f), src.resolve(f).readAllBytes());
    }
    ModelManifest m = ReferenceModels.banking77IntentManifest();
    ModelResource q = ModelResource.classpath("bge-small-en-v1.5-q.onnx");
    String source = q.ref();
    if (copyEncoder) {
      Files.write(dir.resolve("encoder-int8.onnx"), q.readAllBytes());
      source = "encoder-int8.onnx";
    }
    ModelManifests.write(new ModelManifest(m.formatVersion(), m.name() + "-int8", m.version(), m.task(),
        new ModelManifest.EncoderRef("bge-small-en-v1.5-q", source, q.sha256(), m.encoder().pooling(),
            m.encoder().maxTokens()),
        m.tokenizerSha256(), m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), m.metrics(),
        m.createdAt(), m.seed(), m.properties()), dir.resolve(BundleFiles.MANIFEST));
    return dir;
  }

  /** Resident set size of this process in kB, from /proc/self/status (VmRSS); -1 where unavailable. */
  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
