package io.intentops.inference.encoder;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A model file that lives either on the file system or on the classpath (for example inside a Maven
 * jar). References use the forms {@code classpath:/some/file.onnx}, {@code file:/abs/path} or a plain
 * path; {@link #resolve(String)} interprets relative references against this resource's folder, so a
 * bundle on disk and the same bundle packed into a jar behave alike. Immutable and thread-safe.
 */
public final class ModelResource {
  /** Prefix of classpath references. */
  public static final String CLASSPATH_PREFIX = "classpath:";
  /** Prefix of file references. */
  public static final String FILE_PREFIX = "file:";

  private final @Nullable Path file;
  private final @Nullable String resource; // without leading slash
  private final ClassLoader loader;

  private ModelResource(@Nullable Path file, @Nullable String resource, ClassLoader loader) {
    this.file = file;
    this.resource = resource;
    this.loader = loader;
  }

  /** A file (or directory) on the file system. */
  public static ModelResource file(Path path) {
    return new ModelResource(path.toAbsolutePath().normalize(), null, defaultLoader());
  }

  /** A classpath resource (or resource folder), looked up with this library's class loader. */
  public static ModelResource classpath(String name) {
    return classpath(name, defaultLoader());
  }

  /** A classpath resource looked up with {@code loader}. */
  public static ModelResource classpath(String name, ClassLoader loader) {
    Objects.requireNonNull(name, "name");
    String n = name.startsWith("/") ? name.substring(1) : name;
    return new ModelResource(null, n, loader);
  }

  /**
   * Parses a reference: {@code classpath:/x}, {@code file:/x} or a plain path. A plain relative path
   * is resolved against the working directory.
   */
  public static ModelResource of(String ref) {
    if (ref.startsWith(CLASSPATH_PREFIX)) {
      return classpath(ref.substring(CLASSPATH_PREFIX.length()));
    }
    if (ref.startsWith(FILE_PREFIX)) {
      return file(Path.of(ref.substring(FILE_PREFIX.length())));
    }
    return file(Path.of(ref));
  }

  private static ClassLoader defaultLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : ModelResource.class.getClassLoader();
  }

  /**
   * Resolves {@code ref} against this resource, treated as a folder: absolute references
   * ({@code classpath:}, {@code file:}, absolute paths) stand alone; relative ones are children.
   */
  public ModelResource resolve(String ref) {
    if (ref.startsWith(CLASSPATH_PREFIX) || ref.startsWith(FILE_PREFIX)) {
      return of(ref);
    }
    if (file != null) {
      Path p = Path.of(ref);
      return p.isAbsolute() ? file(p) : file(file.resolve(p));
    }
    String base = Objects.requireNonNull(resource);
    String sep = base.isEmpty() || base.endsWith("/") ? "" : "/";
    return new ModelResource(null, base + sep + ref, loader);
  }

  /** The file system path, when this resource is a file. */
  public Optional<Path> path() {
    return Optional.ofNullable(file);
  }

  /** Whether this resource is on the classpath. */
  public boolean isClasspath() {
    return resource != null;
  }

  /** The reference string: {@code classpath:/...} or {@code file:/...}. */
  public String ref() {
    return file != null ? FILE_PREFIX + file : CLASSPATH_PREFIX + "/" + resource;
  }

  /** The last path element, e.g. {@code model.onnx}. */
  public String fileName() {
    if (file != null) {
      Path fn = file.getFileName();
      return fn == null ? file.toString() : fn.toString();
    }
    String r = Objects.requireNonNull(resource);
    String t = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    return t.substring(t.lastIndexOf('/') + 1);
  }

  /** Whether the file or resource exists. */
  public boolean exists() {
    if (file != null) {
      return Files.exists(file);
    }
    return loader.getResource(Objects.requireNonNull(resource)) != null;
  }

  /** Whether this is a directory on the file system. */
  public boolean isDirectory() {
    return file != null && Files.isDirectory(file);
  }

  /**
   * Opens the content. The caller closes the stream.
   *
   * @throws ModelLoadException when it does not exist or cannot be read
   */
  public InputStream open() {
    try {
      if (file != null) {
        return Files.newInputStream(file);
      }
      InputStream in = loader.getResourceAsStream(Objects.requireNonNull(resource));
      if (in == null) {
        throw new ModelLoadException("Model resource not found on the classpath: " + ref());
      }
      return in;
    } catch (IOException e) {
      throw new ModelLoadException("Cannot open model file " + ref() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the whole content.
   *
   * <p>Classpath resources are read into one array of the size the class loader reports (a jar entry's
   * uncompressed size). Why: {@link InputStream#readAllBytes()} on a stream of unknown length collects
   * 8 kB chunks and copies them into the result at the end, so a 133 MB encoder cost 16,000 chunk
   * allocations, a second 133 MB copy and twice its size in transient heap (which the JVM keeps as
   * resident memory) on every load.
   */
  public byte[] readAllBytes() {
    if (file != null) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ModelLoadException("Cannot read model file " + ref() + ": " + e.getMessage(), e);
      }
    }
    URL url = loader.getResource(Objects.requireNonNull(resource));
    if (url == null) {
      throw new ModelLoadException("Model resource not found on the classpath: " + ref());
    }
    try {
      URLConnection c = url.openConnection();
      long size = c.getContentLengthLong();
      try (InputStream in = c.getInputStream()) {
        if (size < 0 || size > MAX_ARRAY) {
          return in.readAllBytes(); // unknown length (or too large for one array: readAllBytes fails clearly)
        }
        byte[] out = new byte[(int) size];
        int n = in.readNBytes(out, 0, out.length);
        if (n != out.length || in.read() != -1) {
          throw new ModelLoadException("Model resource " + ref() + " has " + (n != out.length ? n : "more than " + n)
              + " bytes but its class loader reports " + size);
        }
        return out;
      }
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read model file " + ref() + ": " + e.getMessage(), e);
    }
  }

  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * SHA-256 of the content. For files the digest is cached per (path, size, modification time) in
   * {@link DigestCache#shared()}, because encoders are large and hashing them on every load costs
   * about a second.
   */
  public Checksum sha256() {
    if (file != null) {
      return DigestCache.shared().sha256(file);
    }
    try (InputStream in = open()) {
      return Checksum.sha256(in);
    } catch (IOException | UncheckedIOException e) {
      throw new ModelLoadException("Cannot read model file " + ref() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelResource r && Objects.equals(file, r.file) && Objects.equals(resource, r.resource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, resource);
  }

  @Override
  public String toString() {
    return ref();
  }
}
