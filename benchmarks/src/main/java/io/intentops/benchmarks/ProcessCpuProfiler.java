package io.intentops.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof io.intentops.benchmarks.ProcessCpuProfiler}) that records, per measurement
 * iteration, the benchmark JVM's CPU time per operation ({@code cpu.ms/op}: every thread of the process,
 * ONNX Runtime's native pools and GC included) and the CPU cores it was given ({@code cpu.cores}: CPU
 * time over wall time).
 *
 * <p>Why: on a machine shared with other jobs the scheduler gives a process CPU in proportion to its
 * runnable threads, so wall-clock throughput at 16 callers also measures how many threads a library
 * keeps busy (16 DJL predictors with their ORT pools versus one micro-batch worker). CPU time per
 * operation is the cost that does not depend on that share. Not thread-safe; JMH calls it from one thread.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpu0;
  private long wall0;

  @Override
  public String getDescription() {
    return "Process CPU time per operation and CPU cores used";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpu0 = os.getProcessCpuTime();
    wall0 = System.nanoTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    List<Result> out = new ArrayList<>();
    if (cpu0 < 0 || cpu < 0 || wall <= 0) {
      return out; // the platform does not report process CPU time
    }
    out.add(new ScalarResult("cpu.cores", cpu / (double) wall, "cores", AggregationPolicy.AVG));
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getMeasuredOps();
    if (ops > 0) {
      out.add(new ScalarResult("cpu.ms/op", cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG));
    }
    return out;
  }
}
