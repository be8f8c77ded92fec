package io.intentops.governance.support.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.intentops.core.StoreException;
import io.intentops.core.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON mappers governance uses. Why two: stored records are pretty-printed so that {@code jq} and
 * people can read them; audit lines are compact (one entry per line) and canonical (fixed field
 * order, sorted map keys) because their bytes are hashed. Thread-safe.
 */
public final class Json {
  private static final ObjectMapper PRETTY = base().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper COMPACT = base().build();

  private Json() {}

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Pretty-printing mapper with snake_case names, ISO-8601 instants and sorted map keys. */
  public static ObjectMapper pretty() {
    return PRETTY;
  }

  /** Compact canonical mapper (same settings, no indentation). */
  public static ObjectMapper compact() {
    return COMPACT;
  }

  /** Pretty JSON bytes (UTF-8, trailing newline). */
  public static byte[] prettyBytes(Object value) {
    try {
      return (PRETTY.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Compact JSON text. */
  public static String compactString(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Reads a stored record, reporting a corrupt file as a {@link StoreException} naming it. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return PRETTY.readValue(Files.readAllBytes(file), type);
    } catch (JacksonException e) {
      throw new StoreException("Corrupt record " + file + JsonErrors.location(e) + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new StoreException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses JSON text; {@code source} names it in the error. */
  public static JsonNode tree(byte[] json, String source) {
    try {
      JsonNode n = PRETTY.readTree(json);
      if (n == null || n.isMissingNode()) {
        throw new io.intentops.core.InvalidInputException(
            io.intentops.core.InvalidInputException.Reason.EMPTY, "JSON document " + source + " is empty");
      }
      return n;
    } catch (JacksonException e) {
      throw new io.intentops.core.InvalidInputException(
          io.intentops.core.InvalidInputException.Reason.INVALID_ARGUMENT,
          "Malformed JSON in " + source + JsonErrors.location(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new StoreException("Cannot read " + source + ": " + e.getMessage(), e);
    }
  }
}
