package io.intentops.governance.audit;

import io.intentops.governance.pii.PiiScanner;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes sensitive data from audit details before they are written. Implementations must be
 * thread-safe and deterministic (the redacted value is what gets hashed).
 */
@FunctionalInterface
public interface Redactor {

  /** Field names whose values are always fully replaced by {@link #SECRET}. */
  Pattern SECRET_KEYS = Pattern.compile(".*(password|passwd|secret|token|api[_-]?key|authorization|credential|private[_-]?key).*");

  /**
   * Detail keys that IntentOps itself fills with system identifiers (the transaction tag that
   * crash recovery matches on); never redacted, so a digit-only id is not mistaken for a card number.
   */
  java.util.Set<String> SYSTEM_KEYS = java.util.Set.of("txn");

  /** Replacement for a secret-named field. */
  String SECRET = "[REDACTED:SECRET]";

  /** The value to store for detail {@code key}. */
  String redact(String key, String value);

  /** Keeps everything as is (only for tests of the log itself). */
  static Redactor none() {
    return (k, v) -> v;
  }

  /**
   * The default: secret-named fields are replaced entirely; every other value has the PII that
   * {@code scanner} finds replaced by {@code [REDACTED:TYPE]}.
   */
  static Redactor pii(PiiScanner scanner) {
    return (k, v) -> SYSTEM_KEYS.contains(k) ? v
        : SECRET_KEYS.matcher(k.toLowerCase(Locale.ROOT)).matches() ? SECRET : scanner.redact(v);
  }
}
