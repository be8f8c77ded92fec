package io.intentops.inference.ner.internal;

import io.intentops.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a bundle's files come from: a directory or a classpath folder. References of the form
 * {@code classpath:/x} and {@code file:/x} stand alone; others are relative to the bundle. Immutable
 * and thread-safe. (Interim: to be replaced by the shared {@code ModelResource} once merged.)
 */
public final class BundleSource {
  private final @Nullable Path dir;
  private final @Nullable String resource;

  private BundleSource(@Nullable Path dir, @Nullable String resource) {
    this.dir = dir;
    this.resource = resource;
  }

  /** A bundle directory on disk. */
  public static BundleSource directory(Path dir) {
    return new BundleSource(dir.toAbsolutePath().normalize(), null);
  }

  /** A bundle folder on the classpath, e.g. {@code io/intentops/models/wnut17-ner}. */
  public static BundleSource classpath(String folder) {
    String f = folder.startsWith("/") ? folder.substring(1) : folder;
    return new BundleSource(null, f.endsWith("/") ? f.substring(0, f.length() - 1) : f);
  }

  /** Human-readable location, for messages. */
  public String describe() {
    return dir != null ? dir.toString() : "classpath:/" + resource;
  }

  /** Reads a file by reference (relative to the bundle, or {@code classpath:}/{@code file:}). */
  public byte[] read(String ref) {
    try (InputStream in = open(ref)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + ref + " of bundle " + describe() + ": " + e.getMessage(), e);
    }
  }

  private InputStream open(String ref) throws IOException {
    if (ref.startsWith("classpath:")) {
      return classpathStream(ref.substring("classpath:".length()), ref);
    }
    if (ref.startsWith("file:")) {
      return fileStream(Path.of(ref.substring("file:".length())), ref);
    }
    if (dir != null) {
      Path p = dir.resolve(ref).normalize();
      if (!p.startsWith(dir)) {
        throw new ModelLoadException("Bundle reference " + ref + " escapes the bundle directory " + dir);
      }
      return fileStream(p, ref);
    }
    return classpathStream(resource + "/" + ref, ref);
  }

  private InputStream fileStream(Path p, String ref) throws IOException {
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new ModelLoadException("Bundle " + describe() + " is missing " + ref + " (" + p + ")", e);
    }
  }

  private InputStream classpathStream(String name, String ref) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    InputStream in = cl == null ? null : cl.getResourceAsStream(n);
    if (in == null) {
      in = BundleSource.class.getClassLoader().getResourceAsStream(n);
    }
    if (in == null) {
      throw new ModelLoadException("Bundle " + describe() + ": classpath resource " + n + " not found (" + ref + ")");
    }
    return in;
  }
}
