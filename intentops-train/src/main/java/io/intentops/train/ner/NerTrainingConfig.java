package io.intentops.train.ner;

import io.intentops.core.ConfigurationException;

/**
 * Hyper-parameters of NER fine-tuning. Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param learningRate peak AdamW learning rate
 * @param weightDecay decoupled weight decay (not applied to biases, LayerNorms and the shape embedding)
 * @param warmupFraction share of all steps spent warming the learning rate up linearly from 0; it then
 *     decays linearly to 0
 * @param batchSize sentences per step
 * @param maxEpochs largest number of passes over the training data
 * @param patience epochs without a dev entity-F1 improvement before stopping (0 = never stop early)
 * @param dropout dropout rate inside the encoder and before the token head
 * @param clipNorm global gradient-norm clipping threshold
 * @param freezeLayers number of bottom transformer layers kept frozen (the embeddings are always frozen)
 * @param maxTokens token limit per sentence including special tokens (longer ones are truncated)
 * @param shapeFeature whether a learned casing-class embedding is added to the head input
 * @param seed random seed (shuffling, initialisation, dropout)
 * @param threads PyTorch intra-op threads (fixed for reproducibility)
 * @param maxSteps stop after this many optimiser steps in total (0 = no limit; for smoke tests)
 */
public record NerTrainingConfig(
    double learningRate,
    double weightDecay,
    double warmupFraction,
    int batchSize,
    int maxEpochs,
    int patience,
    float dropout,
    double clipNorm,
    int freezeLayers,
    int maxTokens,
    boolean shapeFeature,
    long seed,
    int threads,
    int maxSteps) {

  public static final double DEFAULT_LEARNING_RATE = 5e-5;
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;
  public static final double DEFAULT_WARMUP_FRACTION = 0.1;
  public static final int DEFAULT_BATCH_SIZE = 16;
  public static final int DEFAULT_MAX_EPOCHS = 5;
  public static final int DEFAULT_PATIENCE = 2;
  public static final float DEFAULT_DROPOUT = 0.1f;
  public static final double DEFAULT_CLIP_NORM = 1.0;
  /** Two frozen bottom layers keep the int8 delta of the remaining ten under 20 MB. */
  public static final int DEFAULT_FREEZE_LAYERS = 2;
  public static final int DEFAULT_MAX_TOKENS = 128;
  public static final long DEFAULT_SEED = 2025;
  public static final int DEFAULT_THREADS = 2;

  public NerTrainingConfig {
    check(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
    check(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1), got " + weightDecay);
    check(warmupFraction >= 0 && warmupFraction < 1, "warmupFraction must be in [0, 1), got " + warmupFraction);
    check(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
    check(maxEpochs >= 1, "maxEpochs must be >= 1, got " + maxEpochs);
    check(patience >= 0, "patience must be >= 0, got " + patience);
    check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    check(clipNorm > 0, "clipNorm must be > 0, got " + clipNorm);
    check(freezeLayers >= 0, "freezeLayers must be >= 0, got " + freezeLayers);
    check(maxTokens >= 3, "maxTokens must be >= 3, got " + maxTokens);
    check(threads >= 1, "threads must be >= 1, got " + threads);
    check(maxSteps >= 0, "maxSteps must be >= 0, got " + maxSteps);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new ConfigurationException(message);
    }
  }

  /** A builder starting from the defaults (the measured WNUT-17 recipe). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link NerTrainingConfig}; not thread-safe. */
  public static final class Builder {
    private double learningRate = DEFAULT_LEARNING_RATE;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private double warmupFraction = DEFAULT_WARMUP_FRACTION;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxEpochs = DEFAULT_MAX_EPOCHS;
    private int patience = DEFAULT_PATIENCE;
    private float dropout = DEFAULT_DROPOUT;
    private double clipNorm = DEFAULT_CLIP_NORM;
    private int freezeLayers = DEFAULT_FREEZE_LAYERS;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private boolean shapeFeature = true;
    private long seed = DEFAULT_SEED;
    private int threads = DEFAULT_THREADS;
    private int maxSteps = 0;

    private Builder() {}

    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    public Builder warmupFraction(double v) { warmupFraction = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder maxEpochs(int v) { maxEpochs = v; return this; }
    public Builder patience(int v) { patience = v; return this; }
    public Builder dropout(float v) { dropout = v; return this; }
    public Builder clipNorm(double v) { clipNorm = v; return this; }
    public Builder freezeLayers(int v) { freezeLayers = v; return this; }
    public Builder maxTokens(int v) { maxTokens = v; return this; }
    public Builder shapeFeature(boolean v) { shapeFeature = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder maxSteps(int v) { maxSteps = v; return this; }

    /** Validates and builds. */
    public NerTrainingConfig build() {
      return new NerTrainingConfig(learningRate, weightDecay, warmupFraction, batchSize, maxEpochs, patience,
          dropout, clipNorm, freezeLayers, maxTokens, shapeFeature, seed, threads, maxSteps);
    }
  }
}
