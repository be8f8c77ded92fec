package io.intentops.loadtest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine the load test runs on (Linux {@code /proc} where available). Stateless. */
final class MachineInfo {
  private MachineInfo() {}

  /** Logical processors available to this JVM. */
  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The CPU's model name from {@code /proc/cpuinfo}, or {@code os.arch} when unavailable. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: fall through
    }
    return System.getProperty("os.arch", "unknown");
  }

  /** This JVM: vendor, name and version. */
  static String java() {
    return System.getProperty("java.vm.vendor", "?") + " " + System.getProperty("java.vm.name", "?") + " "
        + System.getProperty("java.runtime.version", System.getProperty("java.version", "?"));
  }

  /** The system's 1-minute load average, or -1 when the platform does not report one. */
  static double loadAverage1m() {
    double v = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return v < 0 ? -1 : Math.round(v * 100) / 100.0;
  }
}
