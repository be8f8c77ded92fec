package io.intentops.core;

/**
 * A model artefact failed verification: a file's SHA-256 digest differs from the one its manifest
 * records, a file the manifest lists is missing, or a weight file's header contradicts its contents.
 * A bundle that throws this is never served.
 */
public class ModelIntegrityException extends IntentOpsException {
  private static final long serialVersionUID = 1L;

  public ModelIntegrityException(String message) {
    super(message);
  }

  public ModelIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A digest mismatch for {@code file}, naming both digests. */
  public static ModelIntegrityException digestMismatch(String file, Checksum expected, Checksum actual) {
    return new ModelIntegrityException(
        "SHA-256 mismatch for '" + file + "': manifest says " + expected.hex() + ", file has " + actual.hex());
  }
}
