package io.intentops.governance.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Resolves dotted paths in eval reports. Why not plain {@code JsonNode.at}: reports mix nesting
 * ({@code {"metrics": {"oos": {"auroc": 0.9}}}}) and dotted keys ({@code {"metrics": {"oos.auroc": 0.9}}}),
 * so each step tries the longest key that matches. A metric object {@code {"value": x, "ci_lower": ...}}
 * resolves to {@code x}. Stateless and thread-safe.
 */
public final class ReportPaths {
  private ReportPaths() {}

  /** The value at {@code path}, unwrapped from {@code {"value": ...}}, or null when absent. */
  public static @Nullable JsonNode value(JsonNode report, String path) {
    JsonNode n = raw(report, path);
    if (n != null && n.isObject() && n.has("value")) {
      return n.get("value");
    }
    return n;
  }

  /** The node at {@code path} as written (a number or a metric object), or null when absent. */
  public static @Nullable JsonNode raw(JsonNode report, String path) {
    return walk(report, path.split("\\."), 0);
  }

  private static @Nullable JsonNode walk(JsonNode node, String[] parts, int from) {
    if (from == parts.length) {
      return node;
    }
    if (!node.isObject()) {
      return null;
    }
    for (int to = parts.length; to > from; to--) {
      String key = String.join(".", java.util.Arrays.copyOfRange(parts, from, to));
      JsonNode child = node.get(key);
      if (child != null) {
        JsonNode found = walk(child, parts, to);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
