package io.intentops.inference.ner.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.internal.OrtRuntime;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.internal.IntentPredictors;
import io.intentops.inference.encoder.internal.NativeHandles;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.inference.spi.BioDecoder;
import io.intentops.inference.spi.OnnxGraph;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Loads NER predictors from IntentOps bundles and Hugging Face token-classification exports.
 * Stateless and thread-safe.
 *
 * <p>Bundle conventions beyond the core manifest: {@code properties["ner.weights.format"]} must be
 * {@value NerPredictor#WEIGHTS_FORMAT}; the weights are {@code properties["ner.weights.file"]}
 * (default {@value #DEFAULT_WEIGHTS_FILE}, listed in {@code files}); the tokenizer is
 * {@code properties["tokenizer.source"]} (required); {@value NerPredictor#O_LOG_BIAS_PROPERTY}
 * optionally sets the O bias.
 */
public final class NerPredictors {
  /** Default weight file inside a bundle. */
  public static final String DEFAULT_WEIGHTS_FILE = "ner-weights.safetensors";

  private NerPredictors() {}

  /**
   * Builder settings handed over from {@link NerPredictor.Builder}.
   *
   * @param oLogBias NaN for "the bundle's, else 0"
   */
  public record Options(InputLimits limits, int intraOpThreads, NerPredictor.WordAggregation aggregation,
      NerPredictor.Decoding decoding, boolean verifyDigests, double oLogBias, Clock clock) {}

  /** Loads an IntentOps NER bundle, verifying its digests unless the options say otherwise. */
  public static NerPredictor fromBundle(ModelResource src, Options o) {
    boolean verify = o.verifyDigests();
    ModelManifest m = BundleFiles.readManifest(src);
    if (m.task() != Task.NER) {
      throw new ModelLoadException("Bundle " + src.ref() + " has task " + m.task().id() + ", expected ner");
    }
    String format = m.properties().getOrDefault("ner.weights.format", "");
    if (!format.equals(NerPredictor.WEIGHTS_FORMAT)) {
      throw new ModelLoadException("Bundle " + src.ref() + " has NER weight format '" + format
          + "', expected " + NerPredictor.WEIGHTS_FORMAT);
    }
    try {
      new BioDecoder(m.labels());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("Bundle " + src.ref() + " manifest labels are not a BIO tag set: " + e.getMessage(), e);
    }
    String weightsFile = m.properties().getOrDefault("ner.weights.file", DEFAULT_WEIGHTS_FILE);
    if (!m.files().containsKey(weightsFile)) {
      throw new ModelIntegrityException("Bundle " + src.ref() + " manifest lists no digest for " + weightsFile);
    }
    if (verify) {
      BundleFiles.verify(src, m);
    }
    byte[] weights = BundleFiles.resolveInside(src, weightsFile).readAllBytes();
    ModelResource encoder = src.resolve(m.encoder().source());
    byte[] onnx = encoder.readAllBytes();
    if (verify && !Checksum.sha256(onnx).matches(m.encoder().sha256())) {
      throw ModelIntegrityException.digestMismatch(encoder.ref(), m.encoder().sha256(), Checksum.sha256(onnx));
    }
    String tokRef = m.properties().get("tokenizer.source");
    if (tokRef == null) {
      throw new ModelLoadException("Bundle " + src.ref() + " manifest has no tokenizer.source property");
    }
    ModelResource tokenizer = src.resolve(tokRef);
    byte[] tok = tokenizer.readAllBytes();
    if (verify && m.tokenizerSha256() != null && !Checksum.sha256(tok).matches(m.tokenizerSha256())) {
      throw ModelIntegrityException.digestMismatch(tokenizer.ref(), m.tokenizerSha256(), Checksum.sha256(tok));
    }
    SafeTensors.Contents tensors = SafeTensors.read(weights, src.ref() + "/" + weightsFile);
    OnnxGraph graph = OnnxGraph.parse(onnx, encoder.ref());
    List<OnnxTensor> owned = List.of();
    TextTokenizer wp = null;
    OrtSession session = null;
    try {
      NerWeights.Injected w = NerWeights.inject(tensors, graph, m.labels().size(), OrtRuntime.environment());
      owned = w.owned();
      // The digest was checked above on these very bytes (the ones the deltas were merged against).
      session = OrtRuntime.create(encoder.ref(), onnx, settings(o), w.overrides());
      wp = loadTokenizer(tok, tokenizer.ref());
      TokenScorer scorer = new TokenScorer.EncoderWithHead(session, m.labels(), owned, w.headWeight(), w.headBias(),
          w.shapeEmbedding(), w.hidden());
      double bias = o.oLogBias();
      if (Double.isNaN(bias)) {
        String p = m.properties().get(NerPredictor.O_LOG_BIAS_PROPERTY);
        try {
          bias = p == null ? 0.0 : Double.parseDouble(p);
        } catch (NumberFormatException nfe) {
          throw new ModelLoadException("Bundle " + src.ref() + " property " + NerPredictor.O_LOG_BIAS_PROPERTY
              + " is not a number: " + p, nfe);
        }
      }
      return new DefaultNerPredictor(scorer, wp, m.version(), m, bias, o);
    } catch (OrtException e) {
      cleanup(owned, session, wp);
      throw new ModelLoadException("ONNX Runtime cannot load " + encoder.ref() + " with bundle weights: "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      cleanup(owned, session, wp);
      throw e;
    }
  }

  /** Loads a Hugging Face ONNX token-classification export ({@code model.onnx}, {@code config.json}, {@code tokenizer.json}). */
  public static NerPredictor fromHuggingFace(Path dir, ModelVersion version, Options o) {
    ModelResource src = ModelResource.file(dir);
    List<String> labels = IntentPredictors.id2label(src.resolve("config.json"));
    try {
      new BioDecoder(labels);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(dir.resolve("config.json") + ": " + e.getMessage(), e);
    }
    byte[] tok = src.resolve("tokenizer.json").readAllBytes();
    TextTokenizer wp = null;
    OrtSession session = null;
    try {
      wp = loadTokenizer(tok, dir.resolve("tokenizer.json").toString());
      session = OrtRuntime.create(src.resolve("model.onnx"), null, settings(o), java.util.Map.of());
      TokenScorer scorer = new TokenScorer.LogitsModel(session, labels);
      return new DefaultNerPredictor(scorer, wp, version, null, Double.isNaN(o.oLogBias()) ? 0.0 : o.oLogBias(), o);
    } catch (RuntimeException e) {
      cleanup(List.of(), session, wp);
      if (e instanceof IntentOpsException) {
        throw e;
      }
      throw new ModelLoadException("Cannot load " + dir + ": " + e.getMessage(), e);
    }
  }

  private static OrtSessions.Settings settings(Options o) {
    return OrtSessions.Settings.defaults().withIntraOpThreads(o.intraOpThreads());
  }

  /** The word-piece tokenizer; NER windows need the tokenizer's own sequence-start and -end tokens. */
  private static TextTokenizer loadTokenizer(byte[] json, String source) {
    TextTokenizer t = TextTokenizer.loadUntruncated(json, source);
    if (t.clsId() < 0 || t.sepId() < 0) {
      t.close();
      throw new ModelLoadException("Tokenizer " + source + " adds no sequence-start and -end tokens, which NER needs");
    }
    return t;
  }

  private static void cleanup(List<OnnxTensor> owned, @Nullable OrtSession session, @Nullable TextTokenizer wp) {
    for (OnnxTensor t : owned) {
      NativeHandles.close(t);
    }
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // best effort
      }
    }
    if (wp != null) {
      wp.close();
    }
  }
}
