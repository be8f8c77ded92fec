package io.intentops.inference.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.Pooling;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.internal.OrtRuntime;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.head.OosScorer;
import io.intentops.inference.observation.internal.StageObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads intent predictors from bundles and Hugging Face exports. Stateless and thread-safe.
 *
 * <p>Bundle conventions beyond the core manifest: the head lives in {@value IntentHeadWeights#FILE};
 * the tokenizer is {@code properties["tokenizer.source"]} (default {@value #DEFAULT_TOKENIZER}, resolved
 * against the bundle) and must match {@code tokenizerSha256}; further encoders whose pooled vectors are
 * concatenated after the first are described by {@code encoder.2.id}, {@code encoder.2.source},
 * {@code encoder.2.sha256}, {@code encoder.2.pooling}, {@code encoder.2.tokenizer.source},
 * {@code encoder.2.tokenizer.sha256} (then {@code encoder.3.*}, ...).
 */
public final class IntentPredictors {
  /** Default tokenizer location inside a bundle. */
  public static final String DEFAULT_TOKENIZER = "tokenizer.json";
  /** Default kNN neighbour count when the manifest gives none. */
  public static final int DEFAULT_KNN_K = 10;

  private IntentPredictors() {}

  /** Builder settings handed over from {@link IntentPredictor.Builder}. */
  public record Options(@Nullable InputLimits limits, int intraOpThreads, long cacheEntries, int microBatch,
      Duration microWait, Clock clock, int topK, int maxBatch, int microBatchLanes,
      @Nullable BiConsumer<? super IntentPrediction, float[]> pooledFeatures) {
    /** One micro-batch lane, without a pooled-feature hook. */
    public Options(@Nullable InputLimits limits, int intraOpThreads, long cacheEntries, int microBatch,
        Duration microWait, Clock clock, int topK, int maxBatch) {
      this(limits, intraOpThreads, cacheEntries, microBatch, microWait, clock, topK, maxBatch, 1, null);
    }
  }

  /** An encoder a bundle refers to. */
  public record EncoderSpec(String id, String source, Checksum sha256, Pooling pooling, String tokenizerSource,
      Checksum tokenizerSha256) {}

  /** The encoders of a bundle, the first from {@code manifest.encoder}, the rest from properties. */
  public static List<EncoderSpec> encoderSpecs(ModelManifest m) {
    List<EncoderSpec> specs = new ArrayList<>();
    if (m.tokenizerSha256() == null) {
      throw new ModelIntegrityException("Manifest of " + m.name() + " has no tokenizerSha256");
    }
    Pooling pooling;
    try {
      pooling = Pooling.parse(m.encoder().pooling());
    } catch (RuntimeException e) {
      throw new ModelLoadException("Manifest of " + m.name() + " has an invalid encoder.pooling: " + e.getMessage(), e);
    }
    specs.add(new EncoderSpec(m.encoder().id(), m.encoder().source(), m.encoder().sha256(),
        pooling, m.properties().getOrDefault("tokenizer.source", DEFAULT_TOKENIZER), m.tokenizerSha256()));
    for (int n = 2; m.properties().containsKey("encoder." + n + ".source"); n++) {
      String p = "encoder." + n + ".";
      for (String required : List.of("sha256", "tokenizer.source", "tokenizer.sha256")) {
        if (m.properties().get(p + required) == null) {
          throw new ModelLoadException("Manifest of " + m.name() + " has an incomplete " + p + "* description: "
              + p + required + " is missing");
        }
      }
      try {
        specs.add(new EncoderSpec(m.properties().getOrDefault(p + "id", "encoder" + n), m.properties().get(p + "source"),
            Checksum.parse(m.properties().get(p + "sha256")), Pooling.parse(m.properties().getOrDefault(p + "pooling", "mean")),
            m.properties().get(p + "tokenizer.source"), Checksum.parse(m.properties().get(p + "tokenizer.sha256"))));
      } catch (RuntimeException e) {
        throw new ModelLoadException("Manifest of " + m.name() + " has an incomplete " + p + "* description: " + e.getMessage(), e);
      }
    }
    return specs;
  }

  /** Opens the encoders a manifest lists, verifying their digests. */
  public static List<SentenceEncoder> openEncoders(ModelResource bundle, ModelManifest m, int maxTokens, int threads) {
    List<SentenceEncoder> out = new ArrayList<>();
    try {
      for (EncoderSpec s : encoderSpecs(m)) {
        out.add(SentenceEncoder.builder()
            .model(bundle.resolve(s.source()))
            .tokenizer(bundle.resolve(s.tokenizerSource()))
            .expectModelSha256(s.sha256())
            .expectTokenizerSha256(s.tokenizerSha256())
            .pooling(s.pooling())
            .maxTokens(maxTokens)
            .sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(threads))
            .build());
      }
      return out;
    } catch (RuntimeException e) {
      for (SentenceEncoder enc : out) {
        enc.close();
      }
      throw e;
    }
  }

  /** Loads a verified bundle. */
  public static IntentPredictor fromBundle(ModelResource bundle, Options o) {
    return fromBundle(bundle, o, StageObserver.NONE);
  }

  /** Loads a verified bundle whose stages are observed by {@code stages}. */
  public static IntentPredictor fromBundle(ModelResource bundle, Options o, StageObserver stages) {
    ModelManifest m = BundleFiles.readManifest(bundle);
    if (m.task() != Task.INTENT) {
      throw new ModelLoadException("Bundle " + bundle.ref() + " is a '" + m.task().id() + "' model, not 'intent'");
    }
    if (!m.files().containsKey(IntentHeadWeights.FILE)) {
      throw new ModelIntegrityException("Manifest of " + bundle.ref() + " does not list " + IntentHeadWeights.FILE
          + ", so its digest cannot be verified");
    }
    BundleFiles.verify(bundle, m);
    IntentHeadWeights head = IntentHeadWeights.read(bundle.resolve(IntentHeadWeights.FILE));
    if (head.classes() != m.labels().size()) {
      throw new ModelIntegrityException("Head has " + head.classes() + " classes but the manifest lists "
          + m.labels().size() + " labels");
    }
    DefaultIntentPredictor.Oos oos = null;
    if (m.oos() != null) {
      ModelManifest.OosConfig c = m.oos();
      int k = (int) Math.round(c.params().getOrDefault("k", (double) DEFAULT_KNN_K));
      if (OosScorer.KNN_COSINE.equals(c.method()) && head.bank() == null) {
        throw new ModelIntegrityException("OOS method knn-cosine needs 'oos.bank' in " + IntentHeadWeights.FILE);
      }
      if (OosScorer.MAHALANOBIS.equals(c.method()) && head.oosWhiten() == null) {
        throw new ModelIntegrityException("OOS method mahalanobis needs 'oos.whiten' and 'oos.means' in " + IntentHeadWeights.FILE);
      }
      if (!OosScorer.METHODS.contains(c.method())) {
        throw new ModelLoadException("Unknown OOS method '" + c.method() + "' in " + bundle.ref());
      }
      oos = new DefaultIntentPredictor.Oos(OosScorer.of(c.method(), m.temperature(), k, head), c.threshold());
    }
    int maxTokens = o.limits() != null ? o.limits().maxTokens() : m.encoder().maxTokens();
    InputLimits limits = o.limits() != null ? o.limits() : InputLimits.custom().maxTokens(maxTokens).build();
    List<SentenceEncoder> encoders = openEncoders(bundle, m, maxTokens, o.intraOpThreads());
    try {
      StageObserver s = stages.forModel(m.name(), m.version());
      return new DefaultIntentPredictor(m, new EncoderHeadModel(encoders, IntentHead.of(head, m.temperature()), s, o.maxBatch()), oos,
          limits, o, s);
    } catch (RuntimeException e) {
      encoders.forEach(SentenceEncoder::close);
      throw e;
    }
  }

  /** Loads a Hugging Face ONNX sequence-classification export. */
  public static IntentPredictor fromHuggingFace(Path dir, ModelVersion version, double oosThreshold, Options o) {
    return fromHuggingFace(dir, version, oosThreshold, o, StageObserver.NONE);
  }

  /** Loads a Hugging Face ONNX sequence-classification export whose stages are observed by {@code stages}. */
  public static IntentPredictor fromHuggingFace(Path dir, ModelVersion version, double oosThreshold, Options o,
      StageObserver stages) {
    ModelResource d = ModelResource.file(dir);
    ModelResource model = d.resolve("model.onnx");
    ModelResource tok = d.resolve("tokenizer.json");
    ModelResource config = d.resolve("config.json");
    for (ModelResource r : List.of(model, tok, config)) {
      if (!r.exists()) {
        throw new ModelLoadException("Hugging Face export " + dir + " has no " + r.fileName());
      }
    }
    List<String> labels = id2label(config);
    InputLimits limits = o.limits() != null ? o.limits() : InputLimits.defaults();
    Map<String, Checksum> files = new TreeMap<>();
    files.put("config.json", config.sha256());
    files.put("model.onnx", model.sha256());
    files.put("tokenizer.json", tok.sha256());
    OrtSession session = OrtRuntime.create(model, files.get("model.onnx"),
        OrtSessions.Settings.defaults().withIntraOpThreads(o.intraOpThreads()), Map.of());
    TextTokenizer tokenizer = null;
    try {
      tokenizer = TextTokenizer.load(tok, limits.maxTokens());
      String output = session.getOutputNames().contains("logits") ? "logits" : session.getOutputNames().iterator().next();
      NodeInfo info = session.getOutputInfo().get(output);
      if (info.getInfo() instanceof TensorInfo ti) {
        long[] shape = ti.getShape();
        if (shape.length != 2 || (shape[1] > 0 && shape[1] != labels.size())) {
          throw new ModelLoadException("Output '" + output + "' of " + model.ref() + " has shape "
              + java.util.Arrays.toString(shape) + "; expected [batch, " + labels.size() + "] to match id2label");
        }
      }
      Path fn = dir.toAbsolutePath().getFileName();
      ModelManifest manifest = new ModelManifest(ModelManifest.CURRENT_FORMAT, fn == null ? "hf-model" : fn.toString(),
          version, Task.INTENT,
          new ModelManifest.EncoderRef("huggingface-onnx", "model.onnx", files.get("model.onnx"), "none", limits.maxTokens()),
          tokenizer.sha256(), labels, 1.0,
          new ModelManifest.OosConfig(OosScorer.ENERGY, oosThreshold, Double.isInfinite(oosThreshold) ? 1.0 : 0.0, Map.of()),
          files, Map.of(), Map.of(), o.clock().instant(), 0, Map.of("format", "huggingface-onnx-sequence-classification"));
      DefaultIntentPredictor.Oos oos = new DefaultIntentPredictor.Oos(OosScorer.energy(manifest.temperature()), oosThreshold);
      StageObserver s = stages.forModel(manifest.name(), manifest.version());
      return new DefaultIntentPredictor(manifest, new HfClassifierModel(tokenizer, session, output, labels.size(), s),
          oos, limits, o, s);
    } catch (OrtException | RuntimeException e) {
      if (tokenizer != null) {
        tokenizer.close();
      }
      try {
        session.close();
      } catch (OrtException s) {
        e.addSuppressed(s);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new ModelLoadException("Cannot inspect " + model.ref() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Labels from a Hugging Face {@code config.json}'s {@code id2label}, ordered by id; ids must be
   * 0..n-1. Shared by the intent and NER loaders.
   *
   * @throws ModelLoadException when the file is malformed or the ids are not 0..n-1
   */
  public static List<String> id2label(ModelResource config) {
    JsonNode root;
    try (var in = config.open()) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new ModelLoadException("Malformed " + config.ref() + ": " + e.getMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("id2label");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new ModelLoadException(config.ref() + " has no id2label object");
    }
    String[] labels = new String[map.size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int id;
      try {
        id = Integer.parseInt(e.getKey());
      } catch (NumberFormatException ex) {
        throw new ModelLoadException(config.ref() + ": id2label key '" + e.getKey() + "' is not an integer");
      }
      if (id < 0 || id >= labels.length || labels[id] != null) {
        throw new ModelLoadException(config.ref() + ": id2label ids must be 0.." + (labels.length - 1) + " without repeats, got " + id);
      }
      labels[id] = e.getValue().asText();
    }
    return List.of(labels);
  }
}
