package io.intentops.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Small JSON helpers that fail with the file and field in the message. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new ReportInputException(file + ": not readable JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode require(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ReportInputException(where + ": missing field '" + field + "'");
    }
    return v;
  }

  static String text(JsonNode n, String field, String where) {
    JsonNode v = require(n, field, where);
    if (!v.isTextual()) {
      throw new ReportInputException(where + ": field '" + field + "' must be a string");
    }
    return v.asText();
  }

  static double number(JsonNode n, String field, String where) {
    JsonNode v = require(n, field, where);
    if (!v.isNumber()) {
      throw new ReportInputException(where + ": field '" + field + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  /** A nested value by path, or null when any step is absent. */
  static @Nullable JsonNode at(@Nullable JsonNode n, String... path) {
    JsonNode cur = n;
    for (String p : path) {
      if (cur == null) {
        return null;
      }
      cur = cur.get(p);
    }
    return cur == null || cur.isNull() ? null : cur;
  }
}
