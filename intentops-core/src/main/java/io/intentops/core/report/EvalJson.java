package io.intentops.core.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.intentops.core.ModelManifests;
import io.intentops.core.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one reader and writer of {@code eval.json} ({@link EvalReport}, schema {@value EvalReport#SCHEMA_VERSION},
 * {@code docs/eval-json.md}). Writing: map keys sorted, indented UTF-8, ISO-8601 instants, non-finite
 * numbers as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; files are written
 * atomically.
 *
 * <p>Reading is strict, so a changed schema cannot silently drop or zero a metric: the schema version
 * must be {@value EvalReport#SCHEMA_VERSION}; a field the records do not declare, a required field that
 * is absent or null (every field not marked optional in the records: {@code oos}, {@code robustness}, {@code intent[].slices},
 * {@code run.codeCommit}, {@code run.cpuModel}, {@code models[].manifestSha256}, {@code models[].manifest};
 * absent {@code intent} and {@code ner} arrays read as empty), a value of the wrong JSON type (no coercion
 * of strings to numbers or of fractions to integers), a duplicate key, content after the report, or a
 * value a record rejects (a malformed digest, an unknown split role) throws {@link ReportFormatException}
 * naming the JSON path, line and column. Thread-safe.
 */
public final class EvalJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .annotationIntrospector(new RequiredComponents())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private EvalJson() {}

  /** The report as JSON text (pretty-printed, sorted map keys). */
  public static String toJson(EvalReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (IOException e) {
      throw new IllegalStateException("eval.json serialisation failed", e);
    }
  }

  /** Writes the report to {@code file} atomically (temp file, fsync, rename). */
  public static void write(EvalReport report, Path file) {
    ModelManifests.writeAtomically(file, toJson(report).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads an {@code eval.json} file.
   *
   * @throws ReportFormatException when the file is missing, unreadable or not a valid report
   */
  public static EvalReport read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ReportFormatException(file.toString(), "$", "not found", e);
    } catch (IOException e) {
      throw new ReportFormatException(file.toString(), "$", "cannot read: " + e.getMessage(), e);
    }
    return fromJson(bytes, file.toString());
  }

  /** Parses JSON text; {@code source} names it in errors. */
  public static EvalReport fromJson(String json, String source) {
    return fromJson(json.getBytes(StandardCharsets.UTF_8), source);
  }

  /**
   * Parses UTF-8 JSON bytes; {@code source} names them in errors.
   *
   * @throws ReportFormatException naming the JSON path of the first problem
   */
  public static EvalReport fromJson(byte[] json, String source) {
    // The version is checked on the tree first: a newer schema must be reported as such, not as the
    // unknown or missing fields it would otherwise show up as. Binding then reads the bytes again so
    // that errors keep their line and column.
    JsonNode tree = checkSchemaVersion(json, source);
    try {
      return MAPPER.readValue(json, EvalReport.class);
    } catch (JacksonException e) {
      throw failure(e, source, tree);
    } catch (IOException e) {
      throw new ReportFormatException(source, "$", "cannot read: " + e.getMessage(), e);
    }
  }

  /** A copy of the mapper used for eval.json, for tools that embed reports or verdicts in other JSON. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  private static JsonNode checkSchemaVersion(byte[] json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw failure(e, source, null);
    } catch (IOException e) {
      throw new ReportFormatException(source, "$", "cannot read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new ReportFormatException(source, "$", "is empty", null);
    }
    if (!root.isObject()) {
      throw new ReportFormatException(source, "$", "expected an object, got " + kind(root), null);
    }
    JsonNode v = root.get("schemaVersion");
    if (v == null || v.isNull()) {
      throw new ReportFormatException(source, "$.schemaVersion", "missing", null);
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ReportFormatException(source, "$.schemaVersion", "expected an integer, got " + v, null);
    }
    int version = v.intValue();
    if (version != EvalReport.SCHEMA_VERSION) {
      throw new ReportFormatException(source, "$.schemaVersion", "is " + version + "; this library reads schemaVersion "
          + EvalReport.SCHEMA_VERSION + (version > EvalReport.SCHEMA_VERSION
              ? " (upgrade IntentOps to read schemaVersion " + version + ")" : ""), null);
    }
    return root;
  }

  private static ReportFormatException failure(JacksonException e, String source, @Nullable JsonNode tree) {
    String at = JsonErrors.location(e);
    if (e instanceof StreamReadException && !(e instanceof MismatchedInputException)) {
      return new ReportFormatException(source, "$", "malformed JSON" + at + ": " + e.getOriginalMessage(), e);
    }
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Trailing token")) {
      return new ReportFormatException(source, "$", "malformed JSON" + at + ": content after the end of the report", e);
    }
    String where = at.isEmpty() ? "" : " (" + at.strip() + ")";
    return new ReportFormatException(source, JsonErrors.path(e), problem(e, tree) + where, e);
  }

  private static String problem(JacksonException e, @Nullable JsonNode tree) {
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds();
      TreeSet<String> names = known.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
      return "unknown field (known here: " + String.join(", ", names) + "; eval.json schemaVersion "
          + EvalReport.SCHEMA_VERSION + ")";
    }
    if (e instanceof InvalidNullException) {
      return "missing (null)";
    }
    if (e instanceof ValueInstantiationException) {
      return JsonErrors.reason(e);
    }
    if (e instanceof MismatchedInputException m) {
      String original = e.getOriginalMessage();
      if (original != null && original.startsWith("Missing required creator property")) {
        return "missing";
      }
      // A creator that rejected the value explains it better (the reason); otherwise say what was expected.
      boolean explained = !JsonErrors.reason(e).equals(e.getOriginalMessage());
      if (m.getTargetType() != null && !explained) {
        String got = e instanceof InvalidFormatException f ? quote(f.getValue()) : offending(m, tree);
        return "expected " + expected(m.getTargetType()) + (got == null ? "" : ", got " + got);
      }
    }
    return JsonErrors.reason(e);
  }

  /**
   * The rejected value as JSON text, looked up in the already parsed tree (the parser has moved on by
   * the time Jackson reports a refused coercion); null when there is no such value.
   */
  private static @Nullable String offending(MismatchedInputException e, @Nullable JsonNode tree) {
    if (tree == null) {
      return null;
    }
    JsonPointer ptr = JsonPointer.empty();
    for (JsonMappingException.Reference r : e.getPath()) {
      ptr = r.getFieldName() != null ? ptr.appendProperty(r.getFieldName()) : ptr.appendIndex(r.getIndex());
    }
    JsonNode n = tree.at(ptr);
    if (n.isMissingNode()) {
      return null;
    }
    String text = n.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String expected(Class<?> t) {
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "a finite number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\"";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "an integer";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "a string";
    }
    if (t == Instant.class) {
      return "an ISO-8601 instant such as 2026-11-23T10:00:00Z";
    }
    if (t.isEnum()) {
      return "one of " + Arrays.stream(t.getEnumConstants()).map(String::valueOf)
          .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord()) {
      return "an object";
    }
    return "a value of type " + t.getSimpleName();
  }

  private static String quote(@Nullable Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
