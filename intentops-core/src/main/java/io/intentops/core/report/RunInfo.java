package io.intentops.core.report;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where and when an evaluation ran, so that numbers can be traced to code and hardware. The eval
 * harness fills it from the running JVM ({@code io.intentops.eval.report.RunEnvironment}). Immutable.
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

  /** A copy with {@code wallSeconds} replaced. */
  public RunInfo withWallSeconds(double seconds) {
    return new RunInfo(codeCommit, javaVersion, javaVendor, vmName, os, arch, cpuModel, availableProcessors,
        maxHeapBytes, startedAt, seconds);
  }
}
