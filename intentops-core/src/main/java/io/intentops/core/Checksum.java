package io.intentops.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SHA-256 digest, held as 64 lower-case hex characters. Used for model files, datasets, reports
 * and audit entries. Immutable and thread-safe; the static digest methods are thread-safe too.
 *
 * @param hex 64 lower-case hex characters
 */
public record Checksum(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  public Checksum {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.INVALID_ARGUMENT,
          "SHA-256 digest must be 64 lower-case hex characters, got '" + hex + "'");
    }
  }

  /** Parses a hex digest, accepting upper case and an optional {@code sha256:} prefix. */
  @JsonCreator
  public static Checksum parse(String text) {
    if (text == null) {
      throw new InvalidInputException(InvalidInputException.Reason.NULL, "SHA-256 digest must not be null");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("sha256:")) {
      t = t.substring("sha256:".length());
    }
    return new Checksum(t);
  }

  /** Digest of the given bytes. */
  public static Checksum sha256(byte[] bytes) {
    MessageDigest md = newDigest();
    return new Checksum(HEX.formatHex(md.digest(bytes)));
  }

  /** Digest of the UTF-8 encoding of {@code text}. */
  public static Checksum sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Digest of everything remaining in {@code in}; the stream is not closed. */
  public static Checksum sha256(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return new Checksum(HEX.formatHex(md.digest()));
  }

  /**
   * Digest of a file's bytes.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Checksum sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + " to compute its SHA-256", e);
    }
  }

  /** The raw 32 digest bytes. */
  public byte[] bytes() {
    return HEX.parseHex(hex);
  }

  /** Whether {@code other} is the same digest; compares in constant time. */
  public boolean matches(Checksum other) {
    return MessageDigest.isEqual(bytes(), other.bytes());
  }

  @JsonValue
  @Override
  public String toString() {
    return hex;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
