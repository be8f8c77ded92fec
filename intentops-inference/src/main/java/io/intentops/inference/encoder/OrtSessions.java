package io.intentops.inference.encoder;

import io.intentops.core.ConfigurationException;
import java.util.Objects;

/**
 * ONNX Runtime session settings of the encoders and predictors
 * ({@link SentenceEncoder.Builder#sessionSettings}, {@code IntentPredictor.Builder#intraOpThreads}).
 * The sessions themselves are an implementation detail: no ONNX Runtime type appears in this package's
 * API.
 */
public final class OrtSessions {

  private OrtSessions() {}

  /** How far ONNX Runtime rewrites the graph before running it (its {@code GraphOptimizationLevel}). */
  public enum GraphOptimization {
    /** No rewriting. */
    DISABLED,
    /** Constant folding and redundant-node elimination. */
    BASIC,
    /** Basic plus node fusions. */
    EXTENDED,
    /** Everything, including layout optimisations (the default). */
    ALL
  }

  /**
   * What ONNX Runtime's intra-op worker threads do while they have no work (its
   * {@code session.intra_op.allow_spinning} and {@code session.force_spinning_stop} options).
   */
  public enum Spinning {
    /**
     * Workers busy-wait between the operators of a run and stop when the run ends (the default). Why:
     * spinning inside a run saves a wake-up per operator (hundreds per encoder run), while spinning
     * after it burns a core for nothing: measured on 2 cores, a worker left spinning after each run
     * cost up to 4 ms of CPU per request when requests arrive with gaps (docs/performance.md).
     */
    DURING_RUN,
    /** ORT's own default: workers keep spinning for a while after a run too. */
    ALWAYS,
    /** Workers never spin (lowest CPU, slowest runs with more than one intra-op thread). */
    NEVER
  }

  /**
   * Session options. Immutable and thread-safe.
   *
   * @param intraOpThreads threads used inside one operator (matrix multiplications); 0 lets ORT pick
   * @param interOpThreads threads across independent operators; 1 because BERT graphs are sequential
   * @param cpuArena whether to use ORT's CPU arena allocator (reuses activation memory across runs)
   * @param memoryPattern whether to pre-plan allocations for repeated shapes
   * @param optimization graph optimisation level
   * @param spinning what idle intra-op threads do
   */
  public record Settings(int intraOpThreads, int interOpThreads, boolean cpuArena, boolean memoryPattern,
      GraphOptimization optimization, Spinning spinning) {
    /** Default intra-op threads: the available processors, capped at 4 (more rarely helps small encoders). */
    public static final int DEFAULT_INTRA_OP_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /**
     * Validates the settings.
     *
     * @throws ConfigurationException when a thread count is negative
     */
    public Settings {
      if (intraOpThreads < 0 || interOpThreads < 0) {
        throw new ConfigurationException("Thread counts must be >= 0, got intraOp=" + intraOpThreads
            + ", interOp=" + interOpThreads);
      }
      Objects.requireNonNull(optimization, "optimization");
      Objects.requireNonNull(spinning, "spinning");
    }

    /** Settings with {@link #DEFAULT_SPINNING} (the constructor before {@code spinning} existed). */
    public Settings(int intraOpThreads, int interOpThreads, boolean cpuArena, boolean memoryPattern,
        GraphOptimization optimization) {
      this(intraOpThreads, interOpThreads, cpuArena, memoryPattern, optimization, DEFAULT_SPINNING);
    }

    /** Default spinning policy. */
    public static final Spinning DEFAULT_SPINNING = Spinning.DURING_RUN;

    /**
     * {@link #DEFAULT_INTRA_OP_THREADS} intra-op threads, 1 inter-op thread, arena on, all graph
     * optimisations, {@link #DEFAULT_SPINNING}.
     */
    public static Settings defaults() {
      return new Settings(DEFAULT_INTRA_OP_THREADS, 1, true, true, GraphOptimization.ALL, DEFAULT_SPINNING);
    }

    /** A copy with {@code n} intra-op threads. */
    public Settings withIntraOpThreads(int n) {
      return new Settings(n, interOpThreads, cpuArena, memoryPattern, optimization, spinning);
    }

    /** A copy with the given spinning policy. */
    public Settings withSpinning(Spinning s) {
      return new Settings(intraOpThreads, interOpThreads, cpuArena, memoryPattern, optimization, s);
    }
  }
}
