package io.intentops.inference;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the package-private {@link TestBundles} to tests in sub-packages. */
public final class TestBundlesAccess {
  private TestBundlesAccess() {}

  /** Writes the tiny intent bundle (version 1.2.0-7) into {@code dir}. */
  public static Path write(Path dir) throws IOException {
    return TestBundles.write(dir);
  }
}
