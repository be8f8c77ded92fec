package io.intentops.eval.report;

import io.intentops.core.report.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Describes the JVM and host an evaluation runs on, for {@link RunInfo}. Stateless and thread-safe. */
public final class RunEnvironment {
  private RunEnvironment() {}

  /** Describes this JVM and host; {@code codeCommit} is read with git (2 s timeout). */
  public static RunInfo capture(Instant startedAt, double wallSeconds) {
    return new RunInfo(gitCommit(), System.getProperty("java.version", "unknown"),
        System.getProperty("java.vendor", "unknown"), System.getProperty("java.vm.name", "unknown"),
        System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
        System.getProperty("os.arch", "unknown"), readCpuModel(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory(), startedAt, wallSeconds);
  }

  static @Nullable String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException e) {
      return null; // no git on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static @Nullable String readCpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(info)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(info, StandardCharsets.ISO_8859_1)) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          int colon = line.indexOf(':');
          return colon < 0 ? null : line.substring(colon + 1).strip();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
