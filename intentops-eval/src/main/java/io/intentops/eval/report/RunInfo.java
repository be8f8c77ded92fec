package io.intentops.eval.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Where and when an evaluation ran, so that numbers can be traced to code and hardware.
 *
 * @param codeCommit output of {@code git rev-parse HEAD} in the working directory, or null when git or
 *     a repository is not available
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param vmName {@code java.vm.name}
 * @param os {@code os.name} and {@code os.version}
 * @param arch {@code os.arch}
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or null when unavailable
 * @param availableProcessors processors visible to the JVM
 * @param maxHeapBytes {@code Runtime.maxMemory()}
 * @param startedAt when the evaluation started
 * @param wallSeconds total wall-clock seconds of the evaluation (loading data and predicting)
 */
public record RunInfo(
    @Nullable String codeCommit,
    String javaVersion,
    String javaVendor,
    String vmName,
    String os,
    String arch,
    @Nullable String cpuModel,
    int availableProcessors,
    long maxHeapBytes,
    Instant startedAt,
    double wallSeconds) {

  /** Describes this JVM and host; {@code codeCommit} is read with git (2 s timeout). */
  public static RunInfo current(Instant startedAt, double wallSeconds) {
    return new RunInfo(gitCommit(), System.getProperty("java.version", "unknown"),
        System.getProperty("java.vendor", "unknown"), System.getProperty("java.vm.name", "unknown"),
        System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
        System.getProperty("os.arch", "unknown"), readCpuModel(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory(), startedAt, wallSeconds);
  }

  /** A copy with {@code wallSeconds} replaced. */
  public RunInfo withWallSeconds(double seconds) {
    return new RunInfo(codeCommit, javaVersion, javaVendor, vmName, os, arch, cpuModel, availableProcessors,
        maxHeapBytes, startedAt, seconds);
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
