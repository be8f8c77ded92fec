package io.intentops.governance.spi.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.intentops.core.Checksum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of one audit entry, shared by every audit log implementation (file, PostgreSQL) so
 * that their entries stay byte-for-byte identical and one verifier reads both: a compact JSON object
 * with the fields of {@link Line} in that order, snake_case names, ISO-8601 UTC timestamps and sorted
 * {@code details} keys. The Merkle leaf of an entry is {@link Merkle#leaf} of {@link #canonical} of
 * its {@link Body}; the optional MAC is {@link #hmac} of the leaf's hex under the log's key.
 * Stateless and thread-safe.
 */
public final class AuditLines {
  /*
   * Why a mapper of its own: the line bytes are hashed and signed, so the format is this SPI's contract
   * and must not follow changes to how governance stores its records. Settings: snake_case names,
   * ISO-8601 instants, sorted map keys, no indentation; unknown fields and null primitives rejected.
   */
  private static final ObjectMapper LINES = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private AuditLines() {}

  /** The hashed part of an entry; field order is fixed because the bytes are hashed. */
  @JsonPropertyOrder({"index", "timestamp", "type", "actor", "subject", "details"})
  public record Body(long index, Instant timestamp, String type, String actor, String subject,
      TreeMap<String, String> details) {}

  /** A stored line: the body plus its leaf hash and (with a key) its HMAC. */
  @JsonPropertyOrder({"index", "timestamp", "type", "actor", "subject", "details", "leaf_hash", "mac"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Line(long index, Instant timestamp, String type, String actor, String subject,
      TreeMap<String, String> details, String leafHash, @Nullable String mac) {
    /** The hashed part of this line. */
    public Body body() {
      return new Body(index, timestamp, type, actor, subject, details);
    }
  }

  /**
   * Parses one stored line.
   *
   * @throws IllegalArgumentException when the line is not JSON or lacks a field
   */
  public static Line parse(String line) {
    try {
      Line l = LINES.readValue(line, Line.class);
      if (l == null || l.timestamp() == null || l.type() == null || l.actor() == null || l.subject() == null
          || l.details() == null || l.leafHash() == null) {
        throw new IllegalArgumentException("missing field");
      }
      return l;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The stored text of a line (compact JSON, no trailing newline); {@link #parse} reads it back. */
  public static String format(Line line) {
    return compact(line);
  }

  /** The canonical bytes of a body: what the Merkle leaf hashes. */
  public static byte[] canonical(Body b) {
    return compact(b).getBytes(StandardCharsets.UTF_8);
  }

  private static String compact(Object value) {
    try {
      return LINES.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** HMAC-SHA256 of {@code content} under {@code key}, hex. */
  public static String hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
    }
  }

  /** String equality in time independent of where the strings differ (for MACs). */
  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A failed check of {@link #checkHead}.
   *
   * @param firstBadIndex index of the first entry that fails, or -1 when no single entry is to blame
   * @param reason what failed, for the verification report
   */
  public record HeadProblem(long firstBadIndex, String reason) {}

  /**
   * The checks of a log's leaves against its signed head that every store makes alike: no covered
   * entry removed, the covered prefix unchanged (Merkle root), and the head's HMAC valid when a key is
   * configured. Entries after the head are left to the caller (stores differ in how they re-read it).
   *
   * @param computed leaf hashes of the entries as read, in order
   * @param headSize entries the signed head covers
   * @param headRoot Merkle root the signed head records
   * @param headSignature the head's HMAC (hex), or null when unsigned
   * @param signedContent the text the head's HMAC covers
   * @return the failed check, or {@code null} when all three hold
   */
  public static @Nullable HeadProblem checkHead(List<Checksum> computed, long headSize, Checksum headRoot,
      @Nullable String headSignature, String signedContent, byte @Nullable [] key) {
    long n = computed.size();
    if (headSize > n) {
      return new HeadProblem(n, "signed head covers " + headSize + " entries but the log has " + n
          + ": entries were removed");
    }
    if (!Merkle.root(computed, (int) headSize).matches(headRoot)) {
      return new HeadProblem(-1, "Merkle root of the first " + headSize
          + " entries does not match the signed head: entries rewritten");
    }
    if (key != null && (headSignature == null || !constantTimeEquals(hmac(key, signedContent), headSignature))) {
      return new HeadProblem(-1, "head signature invalid");
    }
    return null;
  }
}
