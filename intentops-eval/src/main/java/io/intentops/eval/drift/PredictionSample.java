package io.intentops.eval.drift;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentPrediction;
import io.intentops.eval.data.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sample of intent predictions, reduced to what drift statistics need: the predicted label, its
 * confidence and the OOS flag. Immutable and thread-safe.
 *
 * @param labels predicted labels
 * @param confidences confidence of each prediction, in [0, 1]
 * @param outOfScope OOS flag of each prediction
 */
public record PredictionSample(List<String> labels, List<Double> confidences, List<Boolean> outOfScope) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PredictionSample {
    labels = List.copyOf(labels);
    confidences = List.copyOf(confidences);
    outOfScope = List.copyOf(outOfScope);
    if (labels.size() != confidences.size() || labels.size() != outOfScope.size()) {
      throw new IllegalArgumentException("labels, confidences and outOfScope must have the same length");
    }
    for (int i = 0; i < confidences.size(); i++) {
      double c = confidences.get(i);
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("confidence " + i + " must be in [0, 1], got " + c);
      }
    }
  }

  /** The sample of a list of predictions. */
  public static PredictionSample of(List<IntentPrediction> predictions) {
    return new PredictionSample(predictions.stream().map(IntentPrediction::label).toList(),
        predictions.stream().map(IntentPrediction::score).toList(),
        predictions.stream().map(IntentPrediction::outOfScope).toList());
  }

  /**
   * Reads a prediction log in JSON Lines: one object per line with {@code label} (string),
   * {@code score} (number in [0, 1]) and {@code outOfScope} (boolean); blank lines are skipped. The
   * file must be UTF-8.
   *
   * @throws DatasetFormatException naming the file and line of the first bad record
   */
  public static PredictionSample readJsonl(Path file) {
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(file.toString(), 0, "not valid UTF-8", e);
    } catch (IOException e) {
      throw new DatasetFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
    List<String> labels = new ArrayList<>();
    List<Double> conf = new ArrayList<>();
    List<Boolean> oos = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(l);
      } catch (JacksonException e) {
        throw new DatasetFormatException(file.toString(), i + 1, "malformed JSON: " + e.getOriginalMessage(), e);
      }
      if (n == null || !n.isObject() || !n.path("label").isTextual() || !n.path("score").isNumber()
          || !n.path("outOfScope").isBoolean()) {
        throw new DatasetFormatException(file.toString(), i + 1,
            "expected {\"label\": string, \"score\": number, \"outOfScope\": boolean}");
      }
      double s = n.get("score").asDouble();
      if (!(s >= 0 && s <= 1)) {
        throw new DatasetFormatException(file.toString(), i + 1, "score must be in [0, 1], got " + s);
      }
      labels.add(n.get("label").asText());
      conf.add(s);
      oos.add(n.get("outOfScope").asBoolean());
    }
    return new PredictionSample(labels, conf, oos);
  }

  /** Number of predictions. */
  public int size() {
    return labels.size();
  }

  /** Count per predicted label, sorted by label. */
  public Map<String, Long> labelCounts() {
    Map<String, Long> m = new TreeMap<>();
    labels.forEach(l -> m.merge(l, 1L, Long::sum));
    return m;
  }

  /** Confidences as an array. */
  public double[] confidenceArray() {
    return confidences.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Share of predictions flagged out of scope (0 for an empty sample). */
  public double oosRate() {
    return labels.isEmpty() ? 0 : outOfScope.stream().filter(b -> b).count() / (double) labels.size();
  }
}
