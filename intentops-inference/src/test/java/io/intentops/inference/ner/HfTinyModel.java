package io.intentops.inference.ner;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds a Hugging Face-style token-classification export in a directory: a tiny ONNX lookup model
 * (see {@link TinyOnnx}), {@code config.json} with id2label and the bge-small tokenizer. Word pieces
 * "john"/"mary" score B-person, "smith" I-person, "paris"/"london" B-location, "york" I-location,
 * "new" B-location; everything else O.
 */
final class HfTinyModel {
  static final List<String> LABELS = List.of("O", "B-person", "I-person", "B-location", "I-location");

  private HfTinyModel() {}

  static Path write(Path dir) {
    try (InputStream in = HfTinyModel.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
      byte[] tok = in.readAllBytes();
      Files.write(dir.resolve("tokenizer.json"), tok);
      float[][] table = new float[30522][LABELS.size()];
      for (float[] row : table) {
        row[0] = 3f; // O by default
      }
      try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"),
          Map.of("addSpecialTokens", "false"))) {
        set(table, t, "john", 1);
        set(table, t, "mary", 1);
        set(table, t, "smith", 2);
        set(table, t, "paris", 3);
        set(table, t, "london", 3);
        set(table, t, "new", 3);
        set(table, t, "york", 4);
      }
      Files.write(dir.resolve("model.onnx"), TinyOnnx.lookupLogits(table));
      StringBuilder cfg = new StringBuilder("{\"model_type\":\"bert\",\"id2label\":{");
      for (int i = 0; i < LABELS.size(); i++) {
        cfg.append(i == 0 ? "" : ",").append('"').append(i).append("\":\"").append(LABELS.get(i)).append('"');
      }
      cfg.append("}}");
      Files.writeString(dir.resolve("config.json"), cfg, StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void set(float[][] table, HuggingFaceTokenizer t, String word, int label) {
    long[] ids = t.encode(word, false, false).getIds();
    if (ids.length != 1) {
      throw new IllegalStateException(word + " is not a single word piece");
    }
    table[(int) ids[0]][0] = 0f;
    table[(int) ids[0]][label] = 5f;
  }
}
