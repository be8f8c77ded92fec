package io.intentops.cli.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * How the governance commands print records: the settings of governance's stored records (snake_case,
 * ISO-8601 instants, sorted map keys), so that CLI output and the files in the store read the same.
 * The CLI keeps its own mapper instead of reaching into {@code io.intentops.governance.internal}.
 */
final class Json {
  private static final ObjectMapper PRETTY = base().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper COMPACT = base().build();

  private Json() {}

  private static JsonMapper.Builder base() {
    return JsonMapper.builder().addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  /** Pretty JSON bytes (UTF-8, trailing newline). */
  static byte[] prettyBytes(Object value) {
    try {
      return (PRETTY.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a record such as a saved {@code head.json}.
   *
   * @throws io.intentops.core.ConfigurationException naming the file when it cannot be read or parsed
   */
  static <T> T read(java.nio.file.Path file, Class<T> type) {
    try {
      return COMPACT.readValue(file.toFile(), type);
    } catch (java.io.IOException e) {
      throw new io.intentops.core.ConfigurationException("Cannot read " + file + " as " + type.getSimpleName() + ": "
          + e.getMessage());
    }
  }

  /** Compact JSON text (one line). */
  static String compactString(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
