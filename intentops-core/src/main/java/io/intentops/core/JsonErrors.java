package io.intentops.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a Jackson failure into the parts of an IntentOps error message: where it happened in the text
 * ({@link #location}), where in the document ({@link #path}) and why ({@link #reason}). Every reader
 * of JSON input (manifests, eval reports, policies, stored records) builds its messages from these, so
 * positions and paths read the same everywhere. Stateless and thread-safe.
 */
public final class JsonErrors {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonErrors() {}

  /**
   * {@code " at line L, column C"} (1-based, as Jackson counts) of the failure, or the empty string when
   * Jackson knows no position (a tree or object source).
   */
  public static String location(JacksonException e) {
    JsonLocation loc = e.getLocation();
    if (loc == null || loc.getLineNr() < 1) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /**
   * The JSON path of the value that failed to bind, rooted at {@code $}: {@code $.intent[0].classification.accuracy};
   * names that are not plain identifiers are quoted ({@code $.perClass["card arrival"]}). {@code $} for the
   * document itself and for failures without a path (syntax errors).
   */
  public static String path(JacksonException e) {
    if (!(e instanceof DatabindException d)) {
      return "$";
    }
    return path(d instanceof JsonMappingException m ? m.getPath() : List.of());
  }

  /** The path of a Jackson reference chain, as in {@link #path(JacksonException)}. */
  public static String path(List<JsonMappingException.Reference> chain) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference r : chain) {
      if (r.getFieldName() != null) {
        sb.append(child(r.getFieldName()));
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** {@code .name}, or {@code ["na me"]} when the name is not a plain identifier. */
  public static String child(String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return "." + name;
    }
    return "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /**
   * Why the input was rejected: the message of the IntentOps or argument exception a constructor or
   * creator threw while binding (it names the rule that was broken), otherwise Jackson's message
   * without its location suffix.
   */
  public static String reason(JacksonException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    boolean ours = root instanceof IntentOpsException || root instanceof IllegalArgumentException
        || root instanceof NullPointerException;
    return ours && root.getMessage() != null ? root.getMessage() : e.getOriginalMessage();
  }
}
