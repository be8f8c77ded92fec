package io.intentops.governance.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.support.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric names (dotted report paths) a policy may refer to, with their value type. Policies that
 * name anything else are rejected at load time, so a typo ({@code metrics.acc}) cannot silently make
 * a rule never match. Immutable and thread-safe.
 */
public final class MetricCatalogue {
  /** Value types a metric can have. */
  public enum Type {
    /** A JSON number (or an object with a numeric {@code value}). */
    NUMBER,
    /** A JSON string. */
    STRING,
    /** A JSON boolean. */
    BOOLEAN,
    /** A JSON array. */
    LIST
  }

  /** Classpath resource of the built-in catalogue. */
  public static final String DEFAULT_RESOURCE = "/io/intentops/governance/policy/metric-catalogue.json";

  private static final MetricCatalogue DEFAULTS = load();

  private final Map<String, Type> types;
  private final Map<String, String> descriptions;

  private MetricCatalogue(Map<String, Type> types, Map<String, String> descriptions) {
    this.types = Collections.unmodifiableMap(new TreeMap<>(types));
    this.descriptions = Collections.unmodifiableMap(new TreeMap<>(descriptions));
  }

  /** The built-in catalogue (IntentOps eval report metrics and the release SOP metrics). */
  public static MetricCatalogue defaults() {
    return DEFAULTS;
  }

  /** A catalogue of the given metrics (no descriptions). */
  public static MetricCatalogue of(Map<String, Type> metrics) {
    return new MetricCatalogue(metrics, Map.of());
  }

  /** This catalogue plus {@code extra} metrics. */
  public MetricCatalogue with(Map<String, Type> extra) {
    Map<String, Type> t = new TreeMap<>(types);
    t.putAll(extra);
    return new MetricCatalogue(t, descriptions);
  }

  /** Whether {@code path} is a known metric. */
  public boolean contains(String path) {
    return types.containsKey(path);
  }

  /** The metric's type; only for known metrics. */
  public Type type(String path) {
    Type t = types.get(path);
    if (t == null) {
      throw new IllegalArgumentException("Unknown metric " + path);
    }
    return t;
  }

  /** The metric's description, or an empty string. */
  public String description(String path) {
    return descriptions.getOrDefault(path, "");
  }

  /** All metric names, sorted. */
  public Set<String> names() {
    return types.keySet();
  }

  private static MetricCatalogue load() {
    try (InputStream in = MetricCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigurationException("Missing resource " + DEFAULT_RESOURCE);
      }
      JsonNode root = Json.tree(in.readAllBytes(), DEFAULT_RESOURCE);
      Map<String, Type> t = new TreeMap<>();
      Map<String, String> d = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        t.put(e.getKey(), Type.valueOf(e.getValue().path("type").asText().toUpperCase(java.util.Locale.ROOT)));
        d.put(e.getKey(), e.getValue().path("description").asText(""));
      }
      return new MetricCatalogue(t, d);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage());
    }
  }
}
