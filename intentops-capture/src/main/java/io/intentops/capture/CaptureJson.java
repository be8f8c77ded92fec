package io.intentops.capture;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import io.intentops.core.capture.ProjectedEmbedding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one stored form of a capture event: a single-line JSON object. Predictions have
 * {@code "type":"prediction"} with {@code requestId, time (ISO-8601), modelVersion, routingKeyHash
 * (string or null), text, label, score, topK [{label, score}], outOfScope, oosScore (number, or
 * "Infinity"/"-Infinity"), latencyNanos} and, only when the record carries one, {@code embedding}
 * (array of numbers: the projected embedding; lines without it, as older versions wrote them, read as
 * records without an embedding); feedback has {@code "type":"feedback"} with
 * {@code requestId, time, modelVersion, kind (THUMBS_UP | THUMBS_DOWN | CORRECTION), correctedLabel}.
 * Used by the file sink, the Kafka sink and the replay job. Stateless and thread-safe.
 */
public final class CaptureJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CaptureJson() {}

  /** The JSON line of {@code e}, without a line terminator (JSON escapes any newline in the text). */
  public static String toJson(CaptureEvent e) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.writeStartObject();
      if (e instanceof CaptureRecord r) {
        g.writeStringField("type", "prediction");
        common(g, e);
        if (r.routingKeyHash() == null) {
          g.writeNullField("routingKeyHash");
        } else {
          g.writeStringField("routingKeyHash", r.routingKeyHash());
        }
        g.writeStringField("text", r.text());
        g.writeStringField("label", r.label());
        g.writeNumberField("score", r.score());
        g.writeArrayFieldStart("topK");
        for (ScoredLabel s : r.topK()) {
          g.writeStartObject();
          g.writeStringField("label", s.label());
          g.writeNumberField("score", s.score());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("outOfScope", r.outOfScope());
        if (Double.isInfinite(r.oosScore())) {
          g.writeStringField("oosScore", r.oosScore() > 0 ? "Infinity" : "-Infinity");
        } else {
          g.writeNumberField("oosScore", r.oosScore());
        }
        g.writeNumberField("latencyNanos", r.latency().toNanos());
        ProjectedEmbedding emb = r.embedding();
        if (emb != null) {
          g.writeArrayFieldStart("embedding");
          for (int i = 0; i < emb.dimension(); i++) {
            g.writeNumber(emb.get(i));
          }
          g.writeEndArray();
        }
      } else if (e instanceof Feedback f) {
        g.writeStringField("type", "feedback");
        common(g, e);
        g.writeStringField("kind", f.kind().name());
        if (f.correctedLabel() == null) {
          g.writeNullField("correctedLabel");
        } else {
          g.writeStringField("correctedLabel", f.correctedLabel());
        }
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // a StringWriter does not fail
    }
    return w.toString();
  }

  private static void common(JsonGenerator g, CaptureEvent e) throws IOException {
    g.writeStringField("requestId", e.requestId());
    g.writeStringField("time", e.time().toString());
    g.writeStringField("modelVersion", e.modelVersion().toString());
  }

  /**
   * Parses one line.
   *
   * @param source names the file or topic in error messages
   * @param line the 1-based line (or offset) in error messages
   * @throws CaptureFormatException when the line is not a capture event
   */
  public static CaptureEvent parse(String json, String source, long line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new CaptureFormatException(source + ":" + line + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new CaptureFormatException(source + ":" + line + ": expected a JSON object");
    }
    try {
      String type = text(n, "type");
      String id = text(n, "requestId");
      Instant time = Instant.parse(text(n, "time"));
      ModelVersion v = ModelVersion.parse(text(n, "modelVersion"));
      switch (type) {
        case "prediction" -> {
          List<ScoredLabel> topK = new ArrayList<>();
          JsonNode arr = n.path("topK");
          if (!arr.isArray()) {
            throw new CaptureFormatException("topK must be an array");
          }
          for (JsonNode s : arr) {
            topK.add(new ScoredLabel(text(s, "label"), number(s, "score")));
          }
          JsonNode oos = n.path("oosScore");
          double oosScore = oos.isTextual() && oos.asText().equals("Infinity") ? Double.POSITIVE_INFINITY
              : oos.isTextual() && oos.asText().equals("-Infinity") ? Double.NEGATIVE_INFINITY : number(n, "oosScore");
          if (!n.path("outOfScope").isBoolean() || !n.path("latencyNanos").canConvertToLong()) {
            throw new CaptureFormatException("outOfScope must be a boolean and latencyNanos an integer");
          }
          return new CaptureRecord(id, time, v, nullableText(n, "routingKeyHash"), text(n, "text"), text(n, "label"),
              number(n, "score"), topK, n.get("outOfScope").asBoolean(), oosScore,
              Duration.ofNanos(n.get("latencyNanos").asLong()), embedding(n));
        }
        case "feedback" -> {
          return new Feedback(id, time, v, Feedback.Kind.valueOf(text(n, "kind")), nullableText(n, "correctedLabel"));
        }
        default -> throw new CaptureFormatException("unknown type '" + type + "'");
      }
    } catch (CaptureFormatException e) {
      throw new CaptureFormatException(source + ":" + line + ": " + e.getMessage(), e);
    } catch (IntentOpsException | IllegalArgumentException | DateTimeParseException e) {
      throw new CaptureFormatException(source + ":" + line + ": invalid capture event: " + e.getMessage(), e);
    }
  }

  private static @Nullable ProjectedEmbedding embedding(JsonNode n) {
    JsonNode v = n.get("embedding");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new CaptureFormatException("embedding must be an array of numbers");
    }
    float[] xs = new float[v.size()];
    for (int i = 0; i < xs.length; i++) {
      if (!v.get(i).isNumber()) {
        throw new CaptureFormatException("embedding must be an array of numbers");
      }
      xs[i] = (float) v.get(i).asDouble();
    }
    return ProjectedEmbedding.owning(xs);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new CaptureFormatException("field '" + field + "' must be a string");
    }
    return v.asText();
  }

  private static @Nullable String nullableText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : text(n, field);
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new CaptureFormatException("field '" + field + "' must be a number");
    }
    return v.asDouble();
  }
}
