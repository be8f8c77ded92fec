package io.intentops.models;

import io.intentops.core.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Runs the governance release flow of the reference bundles ({@link ReferenceRelease}) with the system
 * clock and prints every step. Run from the repository root:
 *
 * <pre>
 * mvn -B -ntp -q -pl intentops-models -am package -DskipTests -Pgovernance-walkthrough
 * </pre>
 *
 * Arguments: {@code --out DIR} (store, audit log, cards; default {@code target/governance-walkthrough},
 * emptied first) and {@code --cards DIR} (also copy the model cards and {@code DATA_LICENSES.md} there).
 * The audit HMAC key is {@code INTENTOPS_AUDIT_HMAC_KEY} (hex) or a fresh random key.
 */
public final class GovernanceWalkthrough {
  private GovernanceWalkthrough() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of("target/governance-walkthrough");
    Path cards = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--cards" -> cards = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (known: --out DIR, --cards DIR)");
      }
    }
    deleteRecursively(out);
    String hex = System.getenv("INTENTOPS_AUDIT_HMAC_KEY");
    byte[] key;
    if (hex != null && !hex.isBlank()) {
      key = HexFormat.of().parseHex(hex.strip());
    } else {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    ReferenceRelease.Result r = new ReferenceRelease(Path.of("").toAbsolutePath(), out, Clock.system(), key,
        new java.io.PrintStream(System.out, true, StandardCharsets.UTF_8)).run();
    if (cards != null) {
      for (ReferenceRelease.ModelRelease m : r.releases()) {
        Files.copy(m.card(), cards.resolve(m.card().getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.copy(r.dataLicenses(), cards.resolve(r.dataLicenses().getFileName()), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("copied the model cards and DATA_LICENSES.md to " + cards.toAbsolutePath().normalize());
    }
    if (!r.audit().valid() || r.tampered().valid()) {
      System.exit(1);
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
