package io.intentops.inference.bundle;

import io.intentops.core.Checksum;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.inference.encoder.ModelResource;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bundle layout and verification. A bundle is a folder (directory or classpath resource folder) with
 * {@value #MANIFEST} and the files its manifest lists under {@code files}; every listed file's SHA-256
 * must match before anything is served. Stateless and thread-safe.
 */
public final class BundleFiles {
  /** The manifest file name. */
  public static final String MANIFEST = "manifest.json";

  private BundleFiles() {}

  /** Reads {@value #MANIFEST} from a bundle folder. */
  public static ModelManifest readManifest(ModelResource bundle) {
    ModelResource m = bundle.resolve(MANIFEST);
    if (!m.exists()) {
      throw new ModelLoadException("Bundle " + bundle.ref() + " has no " + MANIFEST);
    }
    try (InputStream in = m.open()) {
      return ModelManifests.read(in, m.ref());
    } catch (java.io.IOException e) {
      throw new ModelLoadException("Cannot read " + m.ref() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Verifies every file the manifest lists.
   *
   * @throws ModelIntegrityException naming the file and both digests on a mismatch, or naming a
   *     missing file or a path that escapes the bundle
   */
  public static void verify(ModelResource bundle, ModelManifest manifest) {
    for (Map.Entry<String, Checksum> e : manifest.files().entrySet()) {
      ModelResource f = resolveInside(bundle, e.getKey());
      if (!f.exists()) {
        throw new ModelIntegrityException("Bundle file '" + e.getKey() + "' listed in the manifest is missing from "
            + bundle.ref());
      }
      Checksum actual = f.sha256();
      if (!e.getValue().matches(actual)) {
        throw ModelIntegrityException.digestMismatch(e.getKey(), e.getValue(), actual);
      }
    }
  }

  /**
   * Resolves a manifest file entry, rejecting absolute paths, {@code ..} segments, names the file
   * system cannot represent (e.g. a NUL character) and, for directory bundles, existing files whose
   * real path (after symbolic links) lies outside the bundle directory.
   */
  public static ModelResource resolveInside(ModelResource bundle, String relative) {
    if (relative.isEmpty() || relative.startsWith("/") || relative.contains("\\") || relative.contains(":")
        || java.util.Arrays.asList(relative.split("/")).contains("..")) {
      throw new ModelIntegrityException("Bundle file entry '" + relative + "' must be a relative path inside the bundle");
    }
    ModelResource r;
    try {
      r = bundle.resolve(relative);
    } catch (java.nio.file.InvalidPathException e) {
      // Path.of throws an unchecked InvalidPathException (e.g. for NUL); a manifest is data, so report it as such.
      throw new ModelIntegrityException("Bundle file entry '" + printable(relative) + "' is not a valid path: "
          + e.getReason());
    }
    java.util.Optional<java.nio.file.Path> dir = bundle.path();
    java.util.Optional<java.nio.file.Path> file = r.path();
    if (dir.isPresent() && file.isPresent() && java.nio.file.Files.exists(file.get())) {
      // A symbolic link inside the bundle may point anywhere; what is served must live in the bundle.
      try {
        java.nio.file.Path root = dir.get().toRealPath();
        java.nio.file.Path real = file.get().toRealPath();
        if (!real.startsWith(root)) {
          throw new ModelIntegrityException("Bundle file '" + relative + "' resolves to " + real
              + ", outside the bundle " + root);
        }
      } catch (java.io.IOException e) {
        throw new ModelLoadException("Cannot resolve bundle file '" + relative + "' in " + bundle.ref() + ": "
            + e.getMessage(), e);
      }
    }
    return r;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Digests of the given bundle-relative files in a directory bundle, for writing a manifest. */
  public static Map<String, Checksum> digests(java.nio.file.Path dir, Iterable<String> files) {
    Map<String, Checksum> out = new TreeMap<>();
    for (String f : files) {
      out.put(f, Checksum.sha256(dir.resolve(f)));
    }
    return out;
  }
}
