package io.intentops.inference.encoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.inference.encoder.internal.OrtRuntime;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A BERT-style ONNX encoder with its tokenizer: text in, one pooled vector per text out. Inputs are
 * {@code input_ids} and {@code attention_mask}, plus {@code token_type_ids} only when the graph declares
 * it; the first rank-3 float output (normally {@code last_hidden_state}) is pooled.
 *
 * <p>Thread-safe: tokenisation and {@code OrtSession.run} may be called concurrently. {@link #close()}
 * must not race with running calls (the predictors guard this).
 */
public final class SentenceEncoder implements AutoCloseable {
  /** Default pooling. */
  public static final Pooling DEFAULT_POOLING = Pooling.MEAN;

  private final TextTokenizer tokenizer;
  private final OrtSession session;
  private final Pooling pooling;
  private final String outputName;
  private final int hidden;
  private final boolean usesTokenTypeIds;
  private final Checksum modelSha256;
  private final ModelResource model;

  private SentenceEncoder(TextTokenizer tokenizer, OrtSession session, Pooling pooling, String outputName, int hidden,
      boolean usesTokenTypeIds, Checksum modelSha256, ModelResource model) {
    this.tokenizer = tokenizer;
    this.session = session;
    this.pooling = pooling;
    this.outputName = outputName;
    this.hidden = hidden;
    this.usesTokenTypeIds = usesTokenTypeIds;
    this.modelSha256 = modelSha256;
    this.model = model;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tokenizer. */
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The ONNX Runtime session (thread-safe for {@code run}); owned by this encoder. */
  OrtSession session() {
    return session;
  }

  /** The pooling mode. */
  public Pooling pooling() {
    return pooling;
  }

  /** Hidden size of the encoder's token vectors. */
  public int hiddenSize() {
    return hidden;
  }

  /** Length of the pooled vectors. */
  public int dimension() {
    return pooling.dimension(hidden);
  }

  /** Whether the graph declares {@code token_type_ids}. */
  public boolean usesTokenTypeIds() {
    return usesTokenTypeIds;
  }

  /** SHA-256 of the ONNX model file. */
  public Checksum modelSha256() {
    return modelSha256;
  }

  /** Where the ONNX model came from. */
  public ModelResource model() {
    return model;
  }

  /** Tokenises and embeds {@code texts} in one ORT run (padding to the longest). */
  public float[][] embed(List<String> texts) {
    return embed(tokenizer.encodeBatch(texts));
  }

  /** Embeds an already tokenised batch in one ORT run. */
  public float[][] embed(TokenBatch batch) {
    return OrtRuntime.runFloat(session, batch, usesTokenTypeIds, outputName, hidden,
        (fb, b) -> pool(fb, b, hidden, pooling));
  }

  /**
   * Runs the session on {@code batch} and maps the raw result; input tensors and the result are closed
   * before this returns. Package-private: ORT types stay out of the public API.
   */
  <T> T run(TokenBatch batch, OrtRuntime.ResultMapper<T> mapper) {
    return OrtRuntime.run(session, batch, usesTokenTypeIds, mapper);
  }

  /** Pools a flat {@code [batch, seqLen, hidden]} buffer under the batch's attention mask. */
  public static float[][] pool(FloatBuffer fb, TokenBatch batch, int hidden, Pooling pooling) {
    int b = batch.batchSize();
    int t = batch.seqLen();
    if (fb.remaining() != (long) b * t * hidden) {
      throw new InferenceException("Encoder output has " + fb.remaining() + " values, expected "
          + b + "x" + t + "x" + hidden);
    }
    long[] mask = batch.attentionMask();
    float[][] out = new float[b][pooling.dimension(hidden)];
    float[] row = new float[hidden];
    for (int i = 0; i < b; i++) {
      float[] o = out[i];
      if (pooling != Pooling.CLS) {
        double[] acc = new double[hidden];
        int count = 0;
        for (int j = 0; j < t; j++) {
          if (mask[i * t + j] == 0) {
            continue;
          }
          fb.get((i * t + j) * hidden, row);
          for (int h = 0; h < hidden; h++) {
            acc[h] += row[h];
          }
          count++;
        }
        for (int h = 0; h < hidden; h++) {
          o[h] = (float) (acc[h] / Math.max(1, count));
        }
      }
      if (pooling != Pooling.MEAN) {
        fb.get(i * t * hidden, row);
        System.arraycopy(row, 0, o, pooling == Pooling.CLS ? 0 : hidden, hidden);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new InferenceException("Cannot close ONNX Runtime session: " + e.getMessage(), e);
    } finally {
      tokenizer.close();
    }
  }

  /** Builder for {@link SentenceEncoder}; not thread-safe. */
  public static final class Builder {
    private @Nullable ModelResource model;
    private @Nullable ModelResource tokenizerJson;
    private Pooling pooling = DEFAULT_POOLING;
    private int maxTokens = InputLimits.DEFAULT_MAX_TOKENS;
    private OrtSessions.Settings settings = OrtSessions.Settings.defaults();
    private @Nullable Checksum expectedModelSha256;
    private @Nullable Checksum expectedTokenizerSha256;

    private Builder() {}

    /** The ONNX model file or resource. */
    public Builder model(ModelResource model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The {@code tokenizer.json} file or resource. */
    public Builder tokenizer(ModelResource tokenizer) {
      this.tokenizerJson = Objects.requireNonNull(tokenizer, "tokenizer");
      return this;
    }

    /** A directory holding {@code model.onnx} and {@code tokenizer.json}. */
    public Builder directory(Path dir) {
      ModelResource d = ModelResource.file(dir);
      return model(d.resolve("model.onnx")).tokenizer(d.resolve("tokenizer.json"));
    }

    /** Pooling mode; default {@link #DEFAULT_POOLING}. */
    public Builder pooling(Pooling pooling) {
      this.pooling = Objects.requireNonNull(pooling, "pooling");
      return this;
    }

    /** Token limit including special tokens; longer texts are truncated and flagged. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** ONNX Runtime session settings. */
    public Builder sessionSettings(OrtSessions.Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Digest the ONNX file must have; checked before the session is created. */
    public Builder expectModelSha256(@Nullable Checksum sha) {
      this.expectedModelSha256 = sha;
      return this;
    }

    /** Digest the tokenizer file must have. */
    public Builder expectTokenizerSha256(@Nullable Checksum sha) {
      this.expectedTokenizerSha256 = sha;
      return this;
    }

    /**
     * Loads tokenizer and session.
     *
     * @throws ModelIntegrityException when an expected digest does not match
     * @throws ModelLoadException when a file is missing or invalid
     */
    public SentenceEncoder build() {
      if (model == null || tokenizerJson == null) {
        throw new ConfigurationException("SentenceEncoder needs a model and a tokenizer");
      }
      ModelResource m = model;
      if (m.isDirectory()) {
        throw new ConfigurationException("Model " + m.ref() + " is a directory; use directory(Path)");
      }
      byte[] tok = tokenizerJson.readAllBytes();
      if (expectedTokenizerSha256 != null) {
        Checksum actual = Checksum.sha256(tok);
        if (!expectedTokenizerSha256.matches(actual)) {
          throw ModelIntegrityException.digestMismatch(tokenizerJson.ref(), expectedTokenizerSha256, actual);
        }
      }
      Checksum modelSha = expectedModelSha256;
      OrtSession session = OrtRuntime.create(m, expectedModelSha256, settings, Map.of());
      TextTokenizer tokenizer = null;
      try {
        if (modelSha == null) {
          modelSha = m.sha256();
        }
        tokenizer = TextTokenizer.load(tok, tokenizerJson.ref(), maxTokens);
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
          throw new ModelLoadException("Encoder " + m.ref() + " must take input_ids and attention_mask, has " + inputs);
        }
        String out = null;
        int hid = -1;
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
          if (e.getValue().getInfo() instanceof TensorInfo ti && ti.getShape().length == 3) {
            out = e.getKey();
            hid = (int) ti.getShape()[2];
            break;
          }
        }
        if (out == null || hid <= 0) {
          throw new ModelLoadException("Encoder " + m.ref() + " has no [batch, tokens, hidden] output with a fixed hidden size");
        }
        return new SentenceEncoder(tokenizer, session, pooling, out, hid, inputs.contains("token_type_ids"), modelSha, m);
      } catch (OrtException | RuntimeException e) {
        if (tokenizer != null) {
          tokenizer.close();
        }
        try {
          session.close();
        } catch (OrtException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof RuntimeException re) {
          throw re;
        }
        throw new ModelLoadException("Cannot inspect encoder " + m.ref() + ": " + e.getMessage(), e);
      }
    }
  }
}
