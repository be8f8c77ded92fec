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
   * Session options. Immutable and thread-safe.
   *
   * @param intraOpThreads threads used inside one operator (matrix multiplications); 0 lets ORT pick
   * @param interOpThreads threads across independent operators; 1 because BERT graphs are sequential
   * @param cpuArena whether to use ORT's CPU arena allocator (reuses activation memory across runs)
   * @param memoryPattern whether to pre-plan allocations for repeated shapes
   * @param optimization graph optimisation level
   */
  public record Settings(int intraOpThreads, int interOpThreads, boolean cpuArena, boolean memoryPattern,
      GraphOptimization optimization) {
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
    }

    /** {@link #DEFAULT_INTRA_OP_THREADS} intra-op threads, 1 inter-op thread, arena on, all graph optimisations. */
    public static Settings defaults() {
      return new Settings(DEFAULT_INTRA_OP_THREADS, 1, true, true, GraphOptimization.ALL);
    }

    /** A copy with {@code n} intra-op threads. */
    public Settings withIntraOpThreads(int n) {
      return new Settings(n, interOpThreads, cpuArena, memoryPattern, optimization);
    }
  }
}
