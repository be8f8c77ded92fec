package io.intentops.governance.serving;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A routing state as the audit log records it ({@value #EVENT_TYPE} events), so that governance can
 * answer which version served a routing key at a time without depending on the router. The rule is
 * the router's documented one ({@code docs/router.md}): a key override wins; else
 * {@code bucket = unsigned murmur3_x86_32(UTF-8(key + salt), seed 0) mod 10000}, candidates own
 * consecutive bucket ranges from 0 in list order, the stable version owns the rest. A host appends
 * one from its {@code RouterListener} on every routing change
 * ({@code audit.append(snapshot.toAuditEvent("intentops-router"))}). Immutable.
 *
 * @param model the model (the audit subject)
 * @param stable the stable version
 * @param candidates candidate versions to their weights in basis points, in the router's list order
 * @param salt the bucket salt
 * @param keyOverrides routing keys pinned to a version
 */
public record RoutingSnapshot(String model, ModelVersion stable, Map<ModelVersion, Integer> candidates, String salt,
    Map<String, ModelVersion> keyOverrides) {
  /** Audit event type of a snapshot. */
  public static final String EVENT_TYPE = "router.state";
  /** Buckets: one per basis point. */
  public static final int BUCKETS = 10_000;
  /** The router's default salt. */
  public static final String DEFAULT_SALT = "intentops";

  public RoutingSnapshot {
    int sum = 0;
    for (Map.Entry<ModelVersion, Integer> c : candidates.entrySet()) {
      if (c.getValue() < 0 || c.getValue() > BUCKETS) {
        throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
            "Candidate weight of " + c.getKey() + " must be 0.." + BUCKETS + " bps, got " + c.getValue());
      }
      sum += c.getValue();
    }
    if (sum > BUCKETS) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Candidate weights sum to " + sum + " bps, more than " + BUCKETS);
    }
    candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
    keyOverrides = Collections.unmodifiableMap(new TreeMap<>(keyOverrides));
  }

  /** The bucket of {@code key} under {@code salt}, in [0, 10000): the router's sticky bucket. */
  public static int bucket(String key, String salt) {
    byte[] b = (key + salt).getBytes(StandardCharsets.UTF_8);
    return (int) (Integer.toUnsignedLong(MurmurHash3.hash32x86(b, 0, b.length, 0)) % BUCKETS);
  }

  /** The version this state routes {@code key} to. */
  public ModelVersion versionFor(String key) {
    ModelVersion o = keyOverrides.get(key);
    if (o != null) {
      return o;
    }
    int bucket = bucket(key, salt);
    int lo = 0;
    for (Map.Entry<ModelVersion, Integer> c : candidates.entrySet()) {
      if (bucket < lo + c.getValue()) {
        return c.getKey();
      }
      lo += c.getValue();
    }
    return stable;
  }

  /** The audit event recording this state. */
  public AuditEvent toAuditEvent(String actor) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("stable", stable.toString());
    d.put("candidates", candidates.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";")));
    d.put("salt", salt);
    d.put("key_overrides", keyOverrides.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";")));
    return AuditEvent.of(EVENT_TYPE, actor, model, d);
  }

  /**
   * Reads a snapshot back from its audit entry.
   *
   * @throws InvalidInputException when the entry is not a {@value #EVENT_TYPE} event or is malformed
   */
  public static RoutingSnapshot fromAuditEntry(AuditEntry e) {
    if (!e.type().equals(EVENT_TYPE)) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Audit entry " + e.index() + " is " + e.type() + ", not " + EVENT_TYPE);
    }
    try {
      Map<ModelVersion, Integer> cands = new LinkedHashMap<>();
      for (String[] kv : pairs(e.details().getOrDefault("candidates", ""))) {
        cands.put(ModelVersion.parse(kv[0]), Integer.parseInt(kv[1]));
      }
      Map<String, ModelVersion> overrides = new TreeMap<>();
      for (String[] kv : pairs(e.details().getOrDefault("key_overrides", ""))) {
        overrides.put(kv[0], ModelVersion.parse(kv[1]));
      }
      return new RoutingSnapshot(e.subject(), ModelVersion.parse(e.details().get("stable")), cands,
          e.details().getOrDefault("salt", DEFAULT_SALT), overrides);
    } catch (RuntimeException ex) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Audit entry " + e.index() + " is not a valid " + EVENT_TYPE + " event: " + ex.getMessage());
    }
  }

  private static java.util.List<String[]> pairs(String s) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    if (s.isBlank()) {
      return out;
    }
    for (String p : s.split(";")) {
      int eq = p.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected k=v, got '" + p + "'");
      }
      out.add(new String[] {p.substring(0, eq), p.substring(eq + 1)});
    }
    return out;
  }
}
