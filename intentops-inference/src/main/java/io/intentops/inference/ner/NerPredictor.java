package io.intentops.inference.ner;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.Entity;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.Task;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.internal.NativeHandles;
import io.intentops.inference.encoder.internal.OrtRuntime;
import io.intentops.inference.ner.internal.BioDecoder;
import io.intentops.inference.ner.internal.Int8Delta;
import io.intentops.inference.ner.internal.OnnxGraph;
import io.intentops.inference.ner.internal.SafetensorsIn;
import io.intentops.inference.ner.internal.WordPieces;
import io.intentops.inference.ner.internal.WordShape;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * Named-entity recognition served by ONNX Runtime. Loads either an IntentOps NER bundle (the base
 * encoder ONNX with fine-tuned weights injected at session creation through
 * {@code SessionOptions.addInitializer}, plus a token head) or a standard Hugging Face ONNX
 * token-classification export ({@code model.onnx}, {@code config.json} with {@code id2label},
 * {@code tokenizer.json}).
 *
 * <p>Text is split into words at whitespace; each word's first word piece (by default) is tagged and
 * tags are decoded with BIO-constrained Viterbi, so no entity starts with a dangling {@code I-}.
 * Entity offsets are UTF-16 indices into the caller's original string
 * ({@code text.substring(start, end).equals(entity.text())}), whatever emoji, accents, URLs or
 * repeated whitespace it holds. The entity score is the mean probability of its words' tags. Texts
 * longer than {@link InputLimits#maxTokens()} are processed in overlapping windows (each word takes
 * the window where it is most central) and decoded as one sequence, so entities are merged across
 * window borders; the result is then flagged {@code truncated}.
 *
 * <p>Thread-safe: one instance serves concurrent callers. {@link #close()} may be called while
 * requests are in flight: it waits for running calls to finish, then releases the native session and
 * tokenizer; later calls fail with {@link InferenceException}.
 */
public final class NerPredictor implements Predictor<String, NerResult> {
  /** Name of the manifest file of an IntentOps bundle. */
  public static final String MANIFEST = "manifest.json";
  /** Manifest property: a bias subtracted from log P(O) before decoding (tuned on dev; default 0). */
  public static final String O_LOG_BIAS_PROPERTY = "ner.decoding.oLogBias";
  /** Bundle weight format this class reads. */
  public static final String WEIGHTS_FORMAT = "int8-row-delta/1";

  /** How a word's label probabilities are formed from its word pieces. */
  public enum WordAggregation {
    /** The first piece's probabilities (what the reference models are trained for). */
    FIRST,
    /** The mean of all pieces' probabilities. */
    AVERAGE,
    /** The element-wise maximum over pieces, renormalised. */
    MAX
  }

  /** How word labels are chosen. */
  public enum Decoding {
    /** Most probable sequence among valid BIO sequences. */
    VITERBI,
    /** Argmax per word, then conlleval chunking (a stray {@code I-X} starts an entity). */
    GREEDY
  }

  private final TokenScorer scorer;
  private final WordPieces pieces;
  private final BioDecoder decoder;
  private final InputLimits limits;
  private final ModelVersion version;
  private final WordAggregation aggregation;
  private final Decoding decoding;
  private final @Nullable ModelManifest manifest;
  private final double oLogBias;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Why: freeing the ORT session or the native tokenizer while a call uses them crashes the JVM
  // (SIGSEGV in OrtSession.run, found by intentops-reliability's CloseWhileInFlightTest); calls hold
  // the read lock, close() takes the write lock and so waits for running calls.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private NerPredictor(TokenScorer scorer, WordPieces pieces, InputLimits limits, ModelVersion version,
      WordAggregation aggregation, Decoding decoding, @Nullable ModelManifest manifest, double oLogBias) {
    this.scorer = scorer;
    this.oLogBias = oLogBias;
    this.pieces = pieces;
    this.decoder = new BioDecoder(scorer.labels);
    this.limits = limits;
    this.version = version;
    this.aggregation = aggregation;
    this.decoding = decoding;
    this.manifest = manifest;
  }

  /** A builder; set exactly one of bundle, bundleResource or huggingFace. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelVersion version() {
    return version;
  }

  /** The manifest of an IntentOps bundle, or null for a Hugging Face export. */
  public @Nullable ModelManifest manifest() {
    return manifest;
  }

  /** The BIO labels in model output order. */
  public List<String> labels() {
    return scorer.labels;
  }

  /**
   * Per-word label probabilities of a text: the whitespace-separated words, their offsets and
   * {@code probabilities[word][label]} (words without word pieces get certain {@code O}).
   */
  public record WordScores(List<String> words, int[] starts, int[] ends, float[][] probabilities,
      boolean truncated) {}

  @Override
  public NerResult predict(String text) {
    long t0 = System.nanoTime();
    limits.validate(text);
    WordScores ws = scoreWords(text);
    List<Entity> entities = entities(text, ws, oLogBias);
    return new NerResult(entities, version, java.time.Duration.ofNanos(System.nanoTime() - t0), ws.truncated());
  }

  /**
   * Label probabilities for each whitespace-separated word of {@code text}.
   *
   * @throws io.intentops.core.InvalidInputException for text {@link InputLimits} rejects
   */
  public WordScores scoreWords(String text) {
    if (closed.get()) {
      throw new InferenceException("NerPredictor is closed");
    }
    limits.validate(text);
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed.get()) {
        throw new InferenceException("NerPredictor is closed");
      }
      return scoreWordsOpen(text);
    } finally {
      lock.unlock();
    }
  }

  /** {@link #scoreWords} under the read lock of an open predictor. */
  private WordScores scoreWordsOpen(String text) {
    List<String> words = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    int n = text.length();
    for (int i = 0; i < n; ) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > s) {
        words.add(text.substring(s, i));
        spans.add(new int[] {s, i});
      }
    }
    int[] starts = spans.stream().mapToInt(a -> a[0]).toArray();
    int[] ends = spans.stream().mapToInt(a -> a[1]).toArray();
    int nl = scorer.labels.size();
    float[][] probs = new float[words.size()][];
    if (words.isEmpty()) {
      return new WordScores(List.copyOf(words), starts, ends, probs, false);
    }
    WordPieces.Encoded enc;
    try {
      enc = pieces.encode(words);
    } catch (RuntimeException e) {
      throw new InferenceException("Tokenizer failed: " + e.getMessage(), e);
    }
    long[] ids = enc.ids();
    int maxPieces = limits.maxTokens() - 2;
    // Windows over pieces: [start, start + maxPieces), stride half a window.
    List<int[]> windows = new ArrayList<>();
    if (ids.length <= maxPieces) {
      windows.add(new int[] {0, ids.length});
    } else {
      int stride = Math.max(1, maxPieces / 2);
      for (int s = 0; ; s += stride) {
        int e = Math.min(ids.length, s + maxPieces);
        windows.add(new int[] {s, e});
        if (e == ids.length) {
          break;
        }
      }
    }
    boolean truncated = windows.size() > 1;
    long[][] winIds = new long[windows.size()][];
    for (int w = 0; w < windows.size(); w++) {
      int[] win = windows.get(w);
      long[] x = new long[win[1] - win[0] + 2];
      x[0] = pieces.clsId();
      System.arraycopy(ids, win[0], x, 1, win[1] - win[0]);
      x[x.length - 1] = pieces.sepId();
      winIds[w] = x;
    }
    // Queries: which pieces to score, each in the window where it has the most context on both sides.
    int[] pieceWord = enc.pieceWord();
    List<Integer> queryPiece = new ArrayList<>();
    for (int p = 0; p < ids.length; p++) {
      boolean first = enc.firstPiece()[pieceWord[p]] == p;
      if (first || aggregation != WordAggregation.FIRST) {
        queryPiece.add(p);
      }
    }
    int q = queryPiece.size();
    int[] qWindow = new int[q];
    int[] qPos = new int[q];
    int[] qShape = new int[q];
    for (int k = 0; k < q; k++) {
      int p = queryPiece.get(k);
      int best = -1;
      int bestMargin = -1;
      for (int w = 0; w < windows.size(); w++) {
        int[] win = windows.get(w);
        if (p >= win[0] && p < win[1]) {
          int margin = Math.min(p - win[0], win[1] - 1 - p);
          if (margin > bestMargin) {
            bestMargin = margin;
            best = w;
          }
        }
      }
      qWindow[k] = best;
      qPos[k] = p - windows.get(best)[0] + 1;
      int word = pieceWord[p];
      qShape[k] = enc.firstPiece()[word] == p ? WordShape.of(words.get(word)) : WordShape.NONE;
    }
    float[][] logits = scorer.logits(winIds, qWindow, qPos, qShape);
    float[][] sum = new float[words.size()][];
    int[] count = new int[words.size()];
    for (int k = 0; k < q; k++) {
      int word = pieceWord[queryPiece.get(k)];
      float[] pr = softmax(logits[k]);
      if (sum[word] == null) {
        sum[word] = pr;
      } else if (aggregation == WordAggregation.MAX) {
        for (int l = 0; l < nl; l++) {
          sum[word][l] = Math.max(sum[word][l], pr[l]);
        }
      } else {
        for (int l = 0; l < nl; l++) {
          sum[word][l] += pr[l];
        }
      }
      count[word]++;
    }
    int oIndex = scorer.labels.indexOf("O");
    for (int w = 0; w < words.size(); w++) {
      if (sum[w] == null) {
        probs[w] = new float[nl];
        probs[w][Math.max(0, oIndex)] = 1f; // no word pieces (e.g. only zero-width characters): O
        continue;
      }
      float total = 0;
      for (float v : sum[w]) {
        total += v;
      }
      float[] pr = new float[nl];
      for (int l = 0; l < nl; l++) {
        pr[l] = sum[w][l] / total;
      }
      probs[w] = pr;
    }
    return new WordScores(List.copyOf(words), starts, ends, probs, truncated);
  }

  /** The O-logit bias in use (from the builder or the bundle manifest). */
  public double oLogBias() {
    return oLogBias;
  }

  /**
   * Decodes entities from word scores of {@code text} (from {@link #scoreWords}) with a given bias
   * subtracted from log P(O); lets a caller tune the bias on a dev set without re-running the model.
   */
  public List<Entity> entities(String text, WordScores ws, double oLogBias) {
    int nw = ws.words().size();
    if (nw == 0) {
      return List.of();
    }
    int oIndex = scorer.labels.indexOf("O");
    float[][] lp = new float[nw][];
    for (int w = 0; w < nw; w++) {
      lp[w] = new float[ws.probabilities()[w].length];
      for (int l = 0; l < lp[w].length; l++) {
        lp[w][l] = (float) Math.log(Math.max(ws.probabilities()[w][l], 1e-30f));
      }
      if (oIndex >= 0) {
        lp[w][oIndex] -= (float) oLogBias;
      }
    }
    int[] tags = decoding == Decoding.VITERBI ? decoder.viterbi(lp) : BioDecoder.argmax(lp);
    List<Entity> out = new ArrayList<>();
    for (BioDecoder.Span s : decoder.spans(tags)) {
      int start = ws.starts()[s.start()];
      int end = ws.ends()[s.end() - 1];
      double score = 0;
      for (int w = s.start(); w < s.end(); w++) {
        score += ws.probabilities()[w][tags[w]];
      }
      score = Math.min(1.0, Math.max(0.0, score / (s.end() - s.start())));
      out.add(new Entity(s.type(), start, end, text.substring(start, end), score));
    }
    return out;
  }

  private static float[] softmax(float[] x) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    float[] out = new float[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) Math.exp(x[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < x.length; i++) {
      out[i] /= (float) sum;
    }
    return out;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      lifecycle.writeLock().lock(); // waits for running calls
      try {
        scorer.close();
        pieces.close();
      } finally {
        lifecycle.writeLock().unlock();
      }
    }
  }

  /** Builder for {@link NerPredictor}; not thread-safe. */
  public static final class Builder {
    /** Default ONNX Runtime intra-op threads. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;

    private @Nullable ModelResource bundle;
    private @Nullable Path huggingFace;
    private InputLimits limits = InputLimits.defaults();
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
    private WordAggregation aggregation = WordAggregation.FIRST;
    private Decoding decoding = Decoding.VITERBI;
    private boolean verify = true;
    private ModelVersion hfVersion = ModelVersion.of(0, 0, 0, 0);
    private double oLogBias = Double.NaN;

    private Builder() {}

    /** An IntentOps NER bundle directory (with {@value NerPredictor#MANIFEST}). */
    public Builder bundle(Path dir) {
      this.bundle = ModelResource.file(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** An IntentOps NER bundle on the classpath, e.g. {@code io/intentops/models/wnut17-ner}. */
    public Builder bundleResource(String folder) {
      this.bundle = ModelResource.classpath(Objects.requireNonNull(folder, "folder"));
      return this;
    }

    /**
     * A Hugging Face ONNX token-classification export directory: {@code model.onnx},
     * {@code config.json} (with {@code id2label}) and {@code tokenizer.json}.
     */
    public Builder huggingFace(Path dir) {
      this.huggingFace = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The version reported for a Hugging Face export (bundles carry their own); default 0.0.0-0. */
    public Builder huggingFaceVersion(ModelVersion version) {
      this.hfVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Bias subtracted from log P(O) before decoding; positive values trade precision for recall.
     * Default: the bundle's {@value NerPredictor#O_LOG_BIAS_PROPERTY} property, else 0.
     */
    public Builder oLogBias(double bias) {
      if (!Double.isFinite(bias)) {
        throw new ConfigurationException("oLogBias must be finite, got " + bias);
      }
      this.oLogBias = bias;
      return this;
    }

    /** Input limits; {@code maxTokens} is the window size for long texts. */
    public Builder limits(InputLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** ONNX Runtime intra-op threads, at least 1. */
    public Builder intraOpThreads(int n) {
      this.intraOpThreads = n;
      return this;
    }

    /** How word-piece probabilities form word probabilities (default {@link WordAggregation#FIRST}). */
    public Builder aggregation(WordAggregation aggregation) {
      this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
      return this;
    }

    /** How tags are decoded (default {@link Decoding#VITERBI}). */
    public Builder decoding(Decoding decoding) {
      this.decoding = Objects.requireNonNull(decoding, "decoding");
      return this;
    }

    /** Whether bundle files are checked against the manifest's SHA-256 digests (default true). */
    public Builder verifyDigests(boolean verify) {
      this.verify = verify;
      return this;
    }

    /**
     * Loads the model.
     *
     * @throws ConfigurationException for an invalid builder state
     * @throws ModelLoadException when files are missing or malformed
     * @throws ModelIntegrityException when a digest does not match the manifest
     */
    public NerPredictor build() {
      if (intraOpThreads < 1) {
        throw new ConfigurationException("intraOpThreads must be >= 1, got " + intraOpThreads);
      }
      if ((bundle == null) == (huggingFace == null)) {
        throw new ConfigurationException("Set exactly one of bundle(..), bundleResource(..) or huggingFace(..)");
      }
      return bundle != null ? loadBundle(bundle) : loadHuggingFace(huggingFace);
    }

    private OrtSessions.Settings settings() {
      return OrtSessions.Settings.defaults().withIntraOpThreads(intraOpThreads);
    }

    private NerPredictor loadBundle(ModelResource src) {
      ModelManifest m = BundleFiles.readManifest(src);
      if (m.task() != Task.NER) {
        throw new ModelLoadException("Bundle " + src.ref() + " has task " + m.task().id() + ", expected ner");
      }
      String format = m.properties().getOrDefault("ner.weights.format", "");
      if (!format.equals(WEIGHTS_FORMAT)) {
        throw new ModelLoadException("Bundle " + src.ref() + " has NER weight format '" + format
            + "', expected " + WEIGHTS_FORMAT);
      }
      try {
        new BioDecoder(m.labels());
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException("Bundle " + src.ref() + " manifest labels are not a BIO tag set: " + e.getMessage(), e);
      }
      String weightsFile = m.properties().getOrDefault("ner.weights.file", "ner-weights.safetensors");
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
      Map<String, SafetensorsIn.Tensor> tensors = SafetensorsIn.read(weights, src.ref() + "/" + weightsFile);
      OnnxGraph graph = OnnxGraph.parse(onnx, encoder.ref());
      Map<String, OnnxTensor> overrides = new java.util.LinkedHashMap<>();
      List<OnnxTensor> owned = new ArrayList<>();
      OrtEnvironment env = OrtRuntime.environment();
      WordPieces wp = null;
      OrtSession session = null;
      try {
        float[] headW = null;
        float[] headB = null;
        float[] shapeEmb = null;
        for (Map.Entry<String, SafetensorsIn.Tensor> e : tensors.entrySet()) {
          String name = e.getKey();
          SafetensorsIn.Tensor t = e.getValue();
          switch (name) {
            case "head.classifier.weight" -> headW = t.f32(name);
            case "head.classifier.bias" -> headB = t.f32(name);
            case "head.shape_embedding" -> shapeEmb = t.f32(name);
            default -> {
              if (name.endsWith(".delta_scale")) {
                continue;
              }
              Map.Entry<String, OnnxTensor> o;
              if (name.endsWith(".delta_i8")) {
                String base = name.substring(0, name.length() - ".delta_i8".length());
                SafetensorsIn.Tensor scale = tensors.get(base + ".delta_scale");
                if (scale == null) {
                  throw new ModelIntegrityException("Bundle weights lack " + base + ".delta_scale");
                }
                o = inject(env, graph, base, t, scale);
              } else {
                o = injectFull(env, graph, name, t);
              }
              owned.add(o.getValue());
              overrides.put(o.getKey(), o.getValue());
            }
          }
        }
        if (headW == null || headB == null) {
          throw new ModelIntegrityException("Bundle weights lack the token head (head.classifier.*)");
        }
        int nl = m.labels().size();
        if (headB.length != nl || headW.length % nl != 0) {
          throw new ModelIntegrityException("Token head has " + headB.length + " outputs but the manifest has " + nl
              + " labels");
        }
        int hidden = headW.length / nl;
        if (shapeEmb != null && shapeEmb.length != WordShape.COUNT * hidden) {
          throw new ModelIntegrityException("Shape embedding has " + shapeEmb.length + " values, expected "
              + WordShape.COUNT * hidden);
        }
        // The digest was checked above on the very bytes the deltas were merged against.
        session = OrtRuntime.create(encoder, verify ? m.encoder().sha256() : null, settings(), overrides);
        wp = WordPieces.load(new ByteArrayInputStream(tok), tokenizer.ref());
        TokenScorer scorer = new TokenScorer.EncoderWithHead(session, m.labels(), owned, headW, headB, shapeEmb,
            hidden);
        double bias = oLogBias;
        if (Double.isNaN(bias)) {
          String p = m.properties().get(O_LOG_BIAS_PROPERTY);
          try {
            bias = p == null ? 0.0 : Double.parseDouble(p);
          } catch (NumberFormatException nfe) {
            throw new ModelLoadException("Bundle " + src.ref() + " property " + O_LOG_BIAS_PROPERTY + " is not a number: "
                + p, nfe);
          }
        }
        return new NerPredictor(scorer, wp, limits, m.version(), aggregation, decoding, m, bias);
      } catch (OrtException e) {
        cleanup(owned, session, wp);
        throw new ModelLoadException("ONNX Runtime cannot load " + encoder.ref() + " with bundle weights: "
            + e.getMessage(), e);
      } catch (RuntimeException e) {
        cleanup(owned, session, wp);
        throw e;
      }
    }

    private static void cleanup(List<OnnxTensor> owned, @Nullable OrtSession session, @Nullable WordPieces wp) {
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

    /** Merges an int8 delta into the base weight; returns the ONNX initializer name and its new value. */
    private static Map.Entry<String, OnnxTensor> inject(OrtEnvironment env, OnnxGraph graph,
        String name, SafetensorsIn.Tensor delta, SafetensorsIn.Tensor scale) throws OrtException {
      OnnxGraph.Resolved r = graph.resolve(name)
          .orElseThrow(() -> new ModelIntegrityException("Base encoder has no weight for " + name));
      long[] shape = delta.shape();
      if (shape.length != 2) {
        throw new ModelIntegrityException("Delta " + name + " must be 2-D, got " + Arrays.toString(shape));
      }
      int rows = (int) shape[0];
      int cols = (int) shape[1];
      float[] base = r.initializer().floats();
      long[] dims = r.initializer().dims();
      boolean ok = r.transposed() ? dims[0] == cols && dims[1] == rows : dims[0] == rows && dims[1] == cols;
      if (!ok) {
        throw new ModelIntegrityException("Delta " + name + " has shape " + Arrays.toString(shape)
            + " but the base weight is " + Arrays.toString(dims));
      }
      if (r.transposed()) {
        base = Int8Delta.transpose(base, cols, rows); // ONNX holds [in, out]; deltas are [out, in]
      }
      float[] merged = Int8Delta.apply(base, new Int8Delta.Quantized(delta.i8(name), scale.f32(name)), rows, cols);
      if (r.transposed()) {
        merged = Int8Delta.transpose(merged, rows, cols);
      }
      return Map.entry(r.initializer().name(), tensor(env, merged, dims));
    }

    private static Map.Entry<String, OnnxTensor> injectFull(OrtEnvironment env, OnnxGraph graph,
        String name, SafetensorsIn.Tensor t) throws OrtException {
      OnnxGraph.Resolved r = graph.resolve(name)
          .orElseThrow(() -> new ModelIntegrityException("Base encoder has no weight for " + name));
      if (r.transposed() || r.initializer().size() != t.f32(name).length) {
        throw new ModelIntegrityException("Weight " + name + " does not match the base encoder's shape "
            + Arrays.toString(r.initializer().dims()));
      }
      return Map.entry(r.initializer().name(), tensor(env, t.f32(name), r.initializer().dims()));
    }

    /** A tensor for {@code addInitializer}; it must stay open for the session's lifetime. */
    private static OnnxTensor tensor(OrtEnvironment env, float[] v, long[] dims) throws OrtException {
      ByteBuffer buf = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
      buf.asFloatBuffer().put(v);
      return NativeHandles.track(OnnxTensor.createTensor(env, buf.asFloatBuffer(), dims));
    }

    private NerPredictor loadHuggingFace(Path dir) {
      ModelResource src = ModelResource.file(dir);
      byte[] config = src.resolve("config.json").readAllBytes();
      List<String> labels;
      try {
        JsonNode id2label = new ObjectMapper().readTree(config).path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
          throw new ModelLoadException(dir.resolve("config.json") + " has no id2label object");
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          try {
            byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
          } catch (NumberFormatException nfe) {
            throw new ModelLoadException(dir.resolve("config.json") + ": id2label key '" + e.getKey()
                + "' is not an integer", nfe);
          }
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
          throw new ModelLoadException(dir.resolve("config.json") + ": id2label ids must be 0.." + (byId.size() - 1));
        }
        labels = new ArrayList<>(byId.values());
      } catch (java.io.IOException e) {
        throw new ModelLoadException("Malformed " + dir.resolve("config.json") + ": " + e.getMessage(), e);
      }
      try {
        new BioDecoder(labels);
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException(dir.resolve("config.json") + ": " + e.getMessage(), e);
      }
      byte[] tok = src.resolve("tokenizer.json").readAllBytes();
      WordPieces wp = null;
      OrtSession session = null;
      try {
        wp = WordPieces.load(new ByteArrayInputStream(tok), dir.resolve("tokenizer.json").toString());
        session = OrtRuntime.create(src.resolve("model.onnx"), null, settings(), Map.of());
        TokenScorer scorer = new TokenScorer.LogitsModel(session, labels);
        return new NerPredictor(scorer, wp, limits, hfVersion, aggregation, decoding, null,
            Double.isNaN(oLogBias) ? 0.0 : oLogBias);
      } catch (RuntimeException e) {
        cleanup(List.of(), session, wp);
        if (e instanceof IntentOpsException) {
          throw e;
        }
        throw new ModelLoadException("Cannot load " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
