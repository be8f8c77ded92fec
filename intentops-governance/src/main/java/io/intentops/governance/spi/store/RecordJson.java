package io.intentops.governance.spi.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.intentops.governance.support.internal.Json;

/**
 * The JSON form of governance records ({@code VersionEntry}, {@code ReleaseRecord},
 * {@code ApprovalRequest}, {@code ApprovalRecord}, aliases, audit events) for stores outside this
 * module: snake_case names, ISO-8601 instants, sorted map keys, unknown properties rejected. A
 * {@link io.intentops.governance.GovernanceStore} that keeps records as JSON uses this so its records
 * read the same as the file store's. Stateless and thread-safe.
 */
public final class RecordJson {
  private RecordJson() {}

  /** Compact JSON text of {@code record}. */
  public static String write(Object record) {
    return Json.compactString(record);
  }

  /**
   * Reads a record written by {@link #write} (or the file store).
   *
   * @throws JacksonException when {@code json} is malformed or does not map to {@code type}; the
   *     store reports it with its own context
   */
  public static <T> T read(String json, Class<T> type) throws JacksonException {
    return Json.pretty().readValue(json, type);
  }

  /** Reads a generic record such as a map of aliases; see {@link #read(String, Class)}. */
  public static <T> T read(String json, TypeReference<T> type) throws JacksonException {
    return Json.pretty().readValue(json, type);
  }
}
