package io.intentops.train.intent;

import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.metrics.CalibrationMetrics;
import io.intentops.eval.metrics.OosMetrics;
import io.intentops.eval.robustness.Perturbations;
import io.intentops.eval.robustness.Perturbation;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.Pooling;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.head.OosScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Trains an intent bundle from labelled texts:
 *
 * <ol>
 *   <li>stratified split of the training data into fit and validation parts ({@link Builder#validationFraction});
 *   <li>embed every text with the frozen encoder (the inference {@link SentenceEncoder});
 *   <li>standardise features and fit an L2 softmax regression on the fit part ({@link SoftmaxRegression});
 *   <li>fit the temperature on the validation part (NLL minimisation, {@link Calibration});
 *   <li>choose the OOS threshold so that {@link Builder#targetRecall} of the in-domain validation texts
 *       score below it (optionally report AUROC against extra OOS validation texts such as CLINC150
 *       {@code oos_val}, never a test split);
 *   <li>refit standardisation, head and OOS reference bank on all training texts and write the bundle.
 * </ol>
 *
 * <p>Deterministic: the same data, settings and seed give the same {@code head.safetensors} bytes.
 * Instances are immutable; {@link #train} is thread-safe but runs single-threaded work on the caller.
 */
public final class IntentTrainer {
  /** Default seed. */
  public static final long DEFAULT_SEED = 2025;
  /** Default validation share of the training data. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  /** Default in-domain recall at the OOS threshold. */
  public static final double DEFAULT_TARGET_RECALL = 0.95;
  /** Default kNN neighbours. */
  public static final int DEFAULT_KNN_K = 3;
  /** Default OOS reference centroids per intent (spherical k-means). */
  public static final int DEFAULT_CENTROIDS_PER_CLASS = 8;
  /** Default typo copies per training text. */
  public static final int DEFAULT_AUGMENT_COPIES = 0;
  /** Default: OOS threshold on clean validation texts only. */
  public static final boolean DEFAULT_PERTURBED_VALIDATION = false;
  /** Default embedding batch size. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /** Default encoder: bge-small-en-v1.5 from the langchain4j model jar. */
  public static final String DEFAULT_ENCODER_ID = "bge-small-en-v1.5";

  /** Receives progress updates; called on the training thread. */
  @FunctionalInterface
  public interface ProgressListener {
    /** {@code done} of {@code total} units of {@code phase} are finished. */
    void onProgress(String phase, long done, long total);
  }

  /**
   * What a training run produced.
   *
   * @param bundle the bundle directory
   * @param manifest its manifest
   * @param validationAccuracy accuracy of the fit-part head on the validation part
   * @param validationEce 15-bin ECE on the validation part after temperature scaling
   * @param oosValidationAuroc AUROC of in-domain validation vs the extra OOS validation texts, or NaN
   */
  public record Result(Path bundle, ModelManifest manifest, double validationAccuracy, double validationEce,
      double oosValidationAuroc) {}

  private final Builder b;

  private IntentTrainer(Builder b) {
    this.b = b;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on {@code data} and writes the bundle to {@code outDir} (created if needed; existing
   * bundle files are replaced, the manifest last, so a half-written bundle never verifies).
   *
   * @param oosValidation optional out-of-scope validation texts (e.g. CLINC150 {@code oos_val}); only
   *     reported as a metric
   */
  public Result train(List<LabeledText> data, List<String> oosValidation, Path outDir) {
    Fitted f = fit(data, oosValidation);
    IntentHeadWeights weights = f.weights();
    ModelResource tokenizerRes = b.tokenizer;
    byte[] tokenizerBytes = tokenizerRes.readAllBytes();
    try {
      Files.createDirectories(outDir);
      Files.deleteIfExists(outDir.resolve(BundleFiles.MANIFEST));
      weights.write(outDir.resolve(IntentHeadWeights.FILE), b.halfPrecision, Map.of("format", "intentops-intent-head"));
      ModelManifests.writeAtomically(outDir.resolve("tokenizer.json"), tokenizerBytes);
    } catch (java.io.IOException e) {
      throw new io.intentops.core.StoreException("Cannot write bundle to " + outDir + ": " + e.getMessage(), e);
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("tokenizer.source", "tokenizer.json");
    props.put("head.l2", Double.toString(b.l2));
    props.put("head.iterations", Integer.toString(b.iterations));
    props.put("head.learningRate", Double.toString(b.learningRate));
    props.put("head.optimizer", "adam full-batch, PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + " via DJL");
    props.put("head.dtype", b.halfPrecision ? "f16 weight+bank, f32 mean/scale/bias" : "f32");
    props.put("validation.fraction", Double.toString(b.validationFraction));
    props.put("oos.bank", weights.bank() == null ? "none" : b.centroidsPerClass + " spherical k-means centroids per intent");
    if (weights.oosWhiten() != null) {
      props.put("oos.mahalanobis", "shared covariance of L2-normalised embeddings, shrinkage " + b.shrinkage
          + " towards tr/d * I; oos.whiten = inverse Cholesky factor, oos.means = whitened class means (f32)");
    }
    if (b.augmentCopies > 0 || b.perturbedValidation) {
      props.put("augmentation", b.augmentCopies + " typo cop" + (b.augmentCopies == 1 ? "y" : "ies")
          + " per training text (io.intentops.eval.robustness.Perturbations.typos, stream per text from seed " + b.seed
          + ", copy and text) for the head and the OOS statistics"
          + (b.perturbedValidation ? "; OOS threshold over clean and typo copies of the validation texts" : ""));
    }
    props.putAll(b.properties);
    Map<String, Double> oosParams = b.oosMethod.equals(OosScorer.KNN_COSINE) ? Map.of("k", (double) b.knnK) : Map.of();
    ModelManifest manifest = new ModelManifest(ModelManifest.CURRENT_FORMAT, b.name, b.version, Task.INTENT,
        new ModelManifest.EncoderRef(b.encoderId, b.model.ref(), f.encoderSha(), b.pooling.id(), b.maxTokens),
        Checksum.sha256(tokenizerBytes), f.labels(), f.temperature(),
        new ModelManifest.OosConfig(b.oosMethod, f.threshold(), b.targetRecall, oosParams),
        BundleFiles.digests(outDir, List.of(IntentHeadWeights.FILE, "tokenizer.json")), b.trainingData, f.metrics(),
        b.clock.instant(), b.seed, props);
    ModelManifests.write(manifest, outDir.resolve(BundleFiles.MANIFEST));
    return new Result(outDir, manifest, f.validationAccuracy(), f.validationEce(), f.oosValidationAuroc());
  }

  /**
   * What {@link #fit} produced in memory: the shipped weights (fitted on all of the data), the
   * temperature and OOS threshold chosen on the validation part, and the scorer over the weights.
   */
  record Fitted(List<String> labels, IntentHeadWeights weights, double temperature, double threshold, OosScorer scorer,
      Checksum encoderSha, Map<String, Double> metrics, double validationAccuracy, double validationEce,
      double oosValidationAuroc) {
    IntentHead head() {
      return IntentHead.of(weights, temperature);
    }
  }

  /** Everything {@link #train} does except writing the bundle. */
  Fitted fit(List<LabeledText> data, List<String> oosValidation) {
    if (data.size() < 4) {
      throw new ConfigurationException("Need at least 4 training examples, got " + data.size());
    }
    List<String> labels = new ArrayList<>(new TreeSet<>(data.stream().map(LabeledText::label).toList()));
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int n = data.size();
    int classes = labels.size();
    List<String> texts = new ArrayList<>(n);
    for (LabeledText t : data) {
      texts.add(t.text());
    }
    // Rows 0..n-1 are the texts, then `copies` blocks of n typo copies (copy c of text i at row (c+1)n+i).
    int copies = Math.max(b.augmentCopies, b.perturbedValidation ? 1 : 0);
    List<String> all = new ArrayList<>(texts);
    Perturbation typos = Perturbations.typos();
    for (int c = 0; c < copies; c++) {
      for (String t : texts) {
        all.add(typos.apply(t, typoStream(b.seed, c, t)));
      }
    }
    int[] y = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      y[i] = index.get(data.get(i % n).label());
    }
    boolean[] isVal = split(java.util.Arrays.copyOf(y, n), classes, b.validationFraction, b.seed);
    float[][] emb;
    float[][] oosEmb;
    Checksum encoderSha;
    try (SentenceEncoder enc = SentenceEncoder.builder().model(b.model).tokenizer(b.tokenizer).pooling(b.pooling)
        .maxTokens(b.maxTokens).sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(b.threads)).build();
        EmbeddingStore store = b.embeddingCache == null ? EmbeddingStore.memory()
            : EmbeddingStore.open(b.embeddingCache, enc.modelSha256(), b.pooling.id(), b.maxTokens)) {
      encoderSha = enc.modelSha256();
      // Only the rows used below are embedded: typo copies of fit texts only when augmenting.
      List<Integer> needed = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        int copy = i / n - 1;
        if (copy < 0 || copy < b.augmentCopies || (copy == 0 && b.perturbedValidation && isVal[i % n])) {
          needed.add(i);
        }
      }
      float[][] got = embed(enc, store, needed.stream().map(all::get).toList(), "embed train");
      emb = new float[all.size()][];
      for (int j = 0; j < got.length; j++) {
        emb[needed.get(j)] = got[j];
      }
      oosEmb = oosValidation.isEmpty() ? new float[0][] : embed(enc, store, oosValidation, "embed oos-val");
    }
    int dim = emb[0].length;

    // 1) fit part (+ its typo copies when augmenting) -> validation metrics, temperature, OOS threshold
    int[] fitIdx = rows(isVal, false, n, b.augmentCopies);
    int[] valIdx = rows(isVal, true, n, 0);
    int[] valPerturbed = b.perturbedValidation ? perturbedRows(isVal, n) : new int[0];
    float[][] std = standardiser(emb, fitIdx);
    progress("fit head (validation)", 0, 2);
    SoftmaxRegression.Fit fitHead = SoftmaxRegression.fit(design(emb, fitIdx, std), fitIdx.length, dim, pick(y, fitIdx),
        classes, b.l2, b.iterations, b.learningRate);
    progress("fit head (validation)", 1, 2);
    // Uncalibrated (T = 1): the temperature is fitted on these logits below.
    IntentHeadWeights fitWeights = oosStatistics(new IntentHeadWeights(std[0], std[1], fitHead.weight(), fitHead.bias(),
        classes, dim, null, 0), emb, fitIdx, y, classes);
    IntentHead validationHead = IntentHead.of(fitWeights, 1.0);
    double[][] valLogits = new double[valIdx.length][];
    int correct = 0;
    int[] yVal = pick(y, valIdx);
    for (int i = 0; i < valIdx.length; i++) {
      valLogits[i] = validationHead.logits(emb[valIdx[i]]);
      correct += IntentHead.argmax(valLogits[i]) == yVal[i] ? 1 : 0;
    }
    double valAcc = valIdx.length == 0 ? Double.NaN : (double) correct / valIdx.length;
    double temperature = valIdx.length == 0 ? 1.0 : Calibration.fitTemperature(valLogits, yVal);
    double ece = valIdx.length == 0 ? Double.NaN : ece(valLogits, yVal, temperature);

    // The scorer the predictor will build from the manifest, over the fit part's statistics.
    OosScorer fitScorer = OosScorer.of(b.oosMethod, temperature, b.knnK, fitWeights);
    double[] valScores = new double[valIdx.length + valPerturbed.length];
    for (int i = 0; i < valIdx.length; i++) {
      valScores[i] = fitScorer.score(emb[valIdx[i]], valLogits[i]);
    }
    int perturbedCorrect = 0;
    for (int i = 0; i < valPerturbed.length; i++) {
      float[] e = emb[valPerturbed[i]];
      double[] l = validationHead.logits(e);
      perturbedCorrect += IntentHead.argmax(l) == y[valPerturbed[i]] ? 1 : 0;
      valScores[valIdx.length + i] = fitScorer.score(e, l);
    }
    double threshold = valScores.length == 0 ? Double.POSITIVE_INFINITY : threshold(valScores, b.targetRecall);
    double auroc = Double.NaN;
    if (oosEmb.length > 0 && valIdx.length > 0) {
      double[] o = new double[oosEmb.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = fitScorer.score(oosEmb[i], validationHead.logits(oosEmb[i]));
      }
      auroc = OosMetrics.auroc(java.util.Arrays.copyOf(valScores, valIdx.length), o);
    }

    // 2) everything (+ typo copies when augmenting) -> the shipped head
    int[] allRows = rows(new boolean[n], false, n, b.augmentCopies);
    float[][] stdAll = standardiser(emb, allRows);
    SoftmaxRegression.Fit head = SoftmaxRegression.fit(design(emb, allRows, stdAll), allRows.length, dim, pick(y, allRows),
        classes, b.l2, b.iterations, b.learningRate);
    progress("fit head (validation)", 2, 2);
    IntentHeadWeights weights = oosStatistics(new IntentHeadWeights(stdAll[0], stdAll[1], head.weight(), head.bias(), classes,
        dim, null, 0), emb, allRows, y, classes);

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("validation.accuracy", valAcc);
    metrics.put("validation.ece15", ece);
    metrics.put("validation.examples", (double) valIdx.length);
    if (valPerturbed.length > 0) {
      metrics.put("validation.typos.accuracy", (double) perturbedCorrect / valPerturbed.length);
      int flagged = 0;
      for (int i = valIdx.length; i < valScores.length; i++) {
        flagged += valScores[i] >= threshold ? 1 : 0;
      }
      metrics.put("validation.typos.falseOos", (double) flagged / valPerturbed.length);
      int flaggedClean = 0;
      for (int i = 0; i < valIdx.length; i++) {
        flaggedClean += valScores[i] >= threshold ? 1 : 0;
      }
      metrics.put("validation.falseOos", valIdx.length == 0 ? Double.NaN : (double) flaggedClean / valIdx.length);
    }
    metrics.put("train.loss", head.loss());
    if (!Double.isNaN(auroc)) {
      metrics.put("validation.oos.auroc", auroc);
    }
    metrics.values().removeIf(v -> !Double.isFinite(v));
    return new Fitted(List.copyOf(labels), weights, temperature, threshold, OosScorer.of(b.oosMethod, temperature, b.knnK, weights),
        encoderSha, metrics, valAcc, ece, auroc);
  }

  /** The trainer's OOS method. */
  String oosMethod() {
    return b.oosMethod;
  }

  /** Embeddings of {@code texts} with the trainer's encoder (and its cache, when set). */
  float[][] embedTexts(List<String> texts, String phase) {
    try (SentenceEncoder enc = SentenceEncoder.builder().model(b.model).tokenizer(b.tokenizer).pooling(b.pooling)
        .maxTokens(b.maxTokens).sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(b.threads)).build();
        EmbeddingStore store = b.embeddingCache == null ? EmbeddingStore.memory()
            : EmbeddingStore.open(b.embeddingCache, enc.modelSha256(), b.pooling.id(), b.maxTokens)) {
      return embed(enc, store, texts, phase);
    }
  }

  /**
   * The random stream of typo copy {@code copy} of {@code text}: derived from the seed, the copy and
   * the text itself (not its position), so a text gets the same copies in every subset of the data
   * (the near-OOS draws) and the embedding cache serves them.
   */
  static SplittableRandom typoStream(long seed, int copy, String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return new SplittableRandom(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + copy).nextLong() ^ h);
  }

  /** {@code base} with the statistics the OOS method needs (kNN bank or Mahalanobis), fitted on {@code rows}. */
  private IntentHeadWeights oosStatistics(IntentHeadWeights base, float[][] emb, int[] rows, int[] y, int classes) {
    int dim = base.dim();
    if (b.oosMethod.equals(OosScorer.KNN_COSINE)) {
      float[] bank = centroids(emb, rows, y, classes, b.centroidsPerClass, b.seed);
      return new IntentHeadWeights(base.mean(), base.scale(), base.weight(), base.bias(), classes, dim, bank, bank.length / dim);
    }
    if (b.oosMethod.equals(OosScorer.MAHALANOBIS)) {
      Mahalanobis.Stats st = Mahalanobis.fit(emb, rows, y, classes, b.shrinkage);
      return base.withMahalanobis(st.whiten(), st.means(), st.rows());
    }
    return base;
  }

  /** Rows of the texts with {@code mask == want}, followed by the same texts' first {@code copies} typo copies. */
  private static int[] rows(boolean[] mask, boolean want, int n, int copies) {
    int[] base = indices(mask, want);
    int[] out = new int[base.length * (1 + copies)];
    for (int c = 0; c <= copies; c++) {
      for (int i = 0; i < base.length; i++) {
        out[c * base.length + i] = c * n + base[i];
      }
    }
    return out;
  }

  /** The first typo copy of every validation text. */
  private static int[] perturbedRows(boolean[] isVal, int n) {
    int[] v = indices(isVal, true);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = n + v[i];
    }
    return out;
  }

  private float[][] embed(SentenceEncoder enc, EmbeddingStore store, List<String> texts, String phase) {
    float[][] out = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out[i] = store.get(texts.get(i));
      if (out[i] == null) {
        missing.add(i);
      }
    }
    Integer[] order = missing.toArray(Integer[]::new);
    // Length-sorted batches keep padding small; results go back to input order.
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> texts.get(i).length()).thenComparingInt(i -> i));
    progress(phase, texts.size() - order.length, texts.size());
    for (int s = 0; s < order.length; s += b.batchSize) {
      int e = Math.min(order.length, s + b.batchSize);
      List<String> batch = new ArrayList<>(e - s);
      for (int j = s; j < e; j++) {
        batch.add(texts.get(order[j]));
      }
      float[][] v = enc.embed(batch);
      for (int j = s; j < e; j++) {
        out[order[j]] = v[j - s];
      }
      store.putAll(batch, v);
      progress(phase, texts.size() - order.length + e, texts.size());
    }
    return out;
  }

  private void progress(String phase, long done, long total) {
    if (b.progress != null) {
      b.progress.onProgress(phase, done, total);
    }
  }

  /** Stratified split: per class (in label order) a seeded shuffle, the first {@code fraction} to validation. */
  static boolean[] split(int[] y, int classes, double fraction, long seed) {
    boolean[] val = new boolean[y.length];
    if (fraction <= 0) {
      return val;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < classes; c++) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == c) {
          idx.add(i);
        }
      }
      for (int i = idx.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = idx.get(i);
        idx.set(i, idx.get(j));
        idx.set(j, t);
      }
      int k = idx.size() < 2 ? 0 : Math.max(1, (int) Math.floor(idx.size() * fraction));
      for (int i = 0; i < k; i++) {
        val[idx.get(i)] = true;
      }
    }
    return val;
  }

  private static int[] indices(boolean[] mask, boolean want) {
    int c = 0;
    for (boolean m : mask) {
      c += m == want ? 1 : 0;
    }
    int[] out = new int[c];
    int k = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == want) {
        out[k++] = i;
      }
    }
    return out;
  }

  private static int[] pick(int[] y, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = y[idx[i]];
    }
    return out;
  }

  /** {mean, std} over the rows {@code idx}; std floored at 1e-6. */
  static float[][] standardiser(float[][] x, int[] idx) {
    int d = x[0].length;
    double[] s = new double[d];
    double[] ss = new double[d];
    for (int i : idx) {
      for (int j = 0; j < d; j++) {
        s[j] += x[i][j];
      }
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (s[j] / idx.length);
    }
    for (int i : idx) {
      for (int j = 0; j < d; j++) {
        double v = x[i][j] - mean[j];
        ss[j] += v * v;
      }
    }
    float[] sd = new float[d];
    for (int j = 0; j < d; j++) {
      sd[j] = (float) Math.max(1e-6, Math.sqrt(ss[j] / idx.length));
    }
    return new float[][] {mean, sd};
  }

  private static float[] design(float[][] x, int[] idx, float[][] std) {
    int d = x[0].length;
    float[] out = new float[idx.length * d];
    for (int r = 0; r < idx.length; r++) {
      float[] row = x[idx[r]];
      for (int j = 0; j < d; j++) {
        out[r * d + j] = (row[j] - std[0][j]) / std[1][j];
      }
    }
    return out;
  }

  private static double ece(double[][] logits, int[] y, double t) {
    double[] conf = new double[y.length];
    boolean[] ok = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      double[] l = logits[i];
      int a = IntentHead.argmax(l);
      double z = 0;
      for (double v : l) {
        z += Math.exp((v - l[a]) / t);
      }
      conf[i] = 1.0 / z;
      ok[i] = a == y[i];
    }
    return CalibrationMetrics.ece(conf, ok, CalibrationMetrics.DEFAULT_BINS);
  }

  /**
   * Smallest threshold with at least {@code recall} of {@code inDomain} strictly below it (midpoint
   * between neighbouring scores so ties do not flip).
   */
  static double threshold(double[] inDomain, double recall) {
    double[] s = inDomain.clone();
    Arrays.sort(s);
    int m = (int) Math.ceil(recall * s.length); // scores s[0..m-1] must be below the threshold
    if (m >= s.length) {
      return Math.nextUp(s[s.length - 1]);
    }
    return m == 0 ? s[0] : (s[m - 1] + s[m]) / 2 > s[m - 1] ? (s[m - 1] + s[m]) / 2 : Math.nextUp(s[m - 1]);
  }

  /** Per-class spherical k-means (fixed seed, 20 Lloyd iterations) over L2-normalised rows; flat [rows, dim]. */
  static float[] centroids(float[][] x, int[] idx, int[] y, int classes, int perClass, long seed) {
    int d = x[0].length;
    List<float[]> out = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int c = 0; c < classes; c++) {
      List<float[]> pts = new ArrayList<>();
      for (int i : idx) {
        if (y[i] == c) {
          pts.add(normalised(x[i]));
        }
      }
      if (pts.isEmpty()) {
        continue;
      }
      int m = Math.min(perClass, pts.size());
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < pts.size(); i++) {
        order.add(i);
      }
      for (int i = order.size() - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        Integer t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      float[][] cent = new float[m][];
      for (int j = 0; j < m; j++) {
        cent[j] = pts.get(order.get(j)).clone();
      }
      int[] assign = new int[pts.size()];
      for (int it = 0; it < 20 && m < pts.size(); it++) {
        for (int p = 0; p < pts.size(); p++) {
          int best = 0;
          double bs = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < m; j++) {
            double s = dot(pts.get(p), cent[j]);
            if (s > bs) {
              bs = s;
              best = j;
            }
          }
          assign[p] = best;
        }
        for (int j = 0; j < m; j++) {
          double[] acc = new double[d];
          int count = 0;
          for (int p = 0; p < pts.size(); p++) {
            if (assign[p] == j) {
              float[] v = pts.get(p);
              for (int k = 0; k < d; k++) {
                acc[k] += v[k];
              }
              count++;
            }
          }
          if (count > 0) {
            float[] nc = new float[d];
            for (int k = 0; k < d; k++) {
              nc[k] = (float) acc[k];
            }
            cent[j] = normalised(nc);
          }
        }
      }
      out.addAll(Arrays.asList(cent));
    }
    float[] flat = new float[out.size() * d];
    for (int r = 0; r < out.size(); r++) {
      System.arraycopy(out.get(r), 0, flat, r * d, d);
    }
    return flat;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static float[] normalised(float[] v) {
    double n = Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.max(n, 1e-12));
    }
    return out;
  }

  /** Builder for {@link IntentTrainer}; not thread-safe. */
  public static final class Builder {
    private ModelResource model = ModelResource.classpath("bge-small-en-v1.5.onnx");
    private ModelResource tokenizer = ModelResource.classpath("bge-small-en-v1.5-tokenizer.json");
    private String encoderId = DEFAULT_ENCODER_ID;
    private Pooling pooling = Pooling.MEAN;
    private int maxTokens = io.intentops.core.InputLimits.DEFAULT_MAX_TOKENS;
    private double l2 = SoftmaxRegression.DEFAULT_L2;
    private int iterations = SoftmaxRegression.DEFAULT_ITERATIONS;
    private double learningRate = SoftmaxRegression.DEFAULT_LEARNING_RATE;
    private double validationFraction = DEFAULT_VALIDATION_FRACTION;
    private long seed = DEFAULT_SEED;
    private double targetRecall = DEFAULT_TARGET_RECALL;
    private String oosMethod = OosScorer.KNN_COSINE;
    private int knnK = DEFAULT_KNN_K;
    private int centroidsPerClass = DEFAULT_CENTROIDS_PER_CLASS;
    private double shrinkage = Mahalanobis.DEFAULT_SHRINKAGE;
    private int augmentCopies = DEFAULT_AUGMENT_COPIES;
    private boolean perturbedValidation = DEFAULT_PERTURBED_VALIDATION;
    private @Nullable Path embeddingCache;
    private boolean halfPrecision = true;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int threads = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
    private String name = "intent-model";
    private ModelVersion version = ModelVersion.of(1, 0, 0, 1);
    private Clock clock = Clock.system();
    private Map<String, Checksum> trainingData = Map.of();
    private Map<String, String> properties = Map.of();
    private @Nullable ProgressListener progress;

    private Builder() {}

    /** Encoder ONNX model, its tokenizer and the id written to the manifest. */
    public Builder encoder(String id, ModelResource model, ModelResource tokenizer) {
      this.encoderId = Objects.requireNonNull(id);
      this.model = Objects.requireNonNull(model);
      this.tokenizer = Objects.requireNonNull(tokenizer);
      return this;
    }

    /** Pooling (default mean). */
    public Builder pooling(Pooling p) {
      this.pooling = Objects.requireNonNull(p);
      return this;
    }

    /** Token limit (default 128). */
    public Builder maxTokens(int n) {
      this.maxTokens = n;
      return this;
    }

    /** L2 strength on the mean-loss scale (default {@value SoftmaxRegression#DEFAULT_L2}). */
    public Builder l2(double l2) {
      this.l2 = l2;
      return this;
    }

    /** Full-batch Adam iterations (default {@value SoftmaxRegression#DEFAULT_ITERATIONS}). */
    public Builder iterations(int n) {
      this.iterations = n;
      return this;
    }

    /** Adam learning rate. */
    public Builder learningRate(double lr) {
      this.learningRate = lr;
      return this;
    }

    /** Share of each class held out for temperature and threshold fitting, in [0, 0.5]. */
    public Builder validationFraction(double f) {
      if (!(f >= 0 && f <= 0.5)) {
        throw new ConfigurationException("validationFraction must be in [0, 0.5], got " + f);
      }
      this.validationFraction = f;
      return this;
    }

    /** Random seed (split, k-means initialisation). Default {@value #DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** In-domain recall at the OOS threshold (default 0.95). */
    public Builder targetRecall(double r) {
      if (!(r > 0 && r <= 1)) {
        throw new ConfigurationException("targetRecall must be in (0, 1], got " + r);
      }
      this.targetRecall = r;
      return this;
    }

    /** OOS method: {@code knn-cosine} (default), {@code mahalanobis} or {@code energy}. */
    public Builder oosMethod(String method) {
      if (!List.of(OosScorer.KNN_COSINE, OosScorer.MAHALANOBIS, OosScorer.ENERGY).contains(method)) {
        throw new ConfigurationException("OOS method must be knn-cosine, mahalanobis or energy, got " + method);
      }
      this.oosMethod = method;
      return this;
    }

    /** kNN neighbours (default {@value #DEFAULT_KNN_K}). */
    public Builder knnK(int k) {
      this.knnK = k;
      return this;
    }

    /** OOS reference centroids per intent (default {@value #DEFAULT_CENTROIDS_PER_CLASS}). */
    public Builder centroidsPerClass(int m) {
      if (m < 1) {
        throw new ConfigurationException("centroidsPerClass must be >= 1");
      }
      this.centroidsPerClass = m;
      return this;
    }

    /** Shrinkage of the Mahalanobis covariance towards {@code tr/d * I}, in [0, 1) (default 0.1). */
    public Builder mahalanobisShrinkage(double a) {
      if (!(a >= 0 && a < 1)) {
        throw new ConfigurationException("mahalanobisShrinkage must be in [0, 1), got " + a);
      }
      this.shrinkage = a;
      return this;
    }

    /**
     * Typo copies of every training text ({@code Perturbations.typos()}, seeded from the seed) added to
     * the head's and the OOS statistics' training rows (default {@value #DEFAULT_AUGMENT_COPIES}).
     */
    public Builder augmentCopies(int n) {
      if (n < 0 || n > 8) {
        throw new ConfigurationException("augmentCopies must be in [0, 8], got " + n);
      }
      this.augmentCopies = n;
      return this;
    }

    /**
     * Choose the OOS threshold over the validation texts and a typo copy of each, so that
     * {@link #targetRecall} holds for both together (default {@value #DEFAULT_PERTURBED_VALIDATION}).
     */
    public Builder perturbedValidation(boolean on) {
      this.perturbedValidation = on;
      return this;
    }

    /**
     * Directory of an on-disk embedding cache (keyed by encoder digest, pooling and token limit; texts
     * by SHA-256), or null for none (default). Results are identical with and without it.
     */
    public Builder embeddingCache(@Nullable Path dir) {
      this.embeddingCache = dir;
      return this;
    }

    /** Store weight and bank as float16 (default true). */
    public Builder halfPrecision(boolean on) {
      this.halfPrecision = on;
      return this;
    }

    /** Embedding batch size. */
    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /** ONNX Runtime intra-op threads for embedding. */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Bundle name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** Bundle version. */
    public Builder version(ModelVersion v) {
      this.version = Objects.requireNonNull(v);
      return this;
    }

    /** Clock for {@code createdAt}. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Digests of the dataset files used, keyed by dataset id. */
    public Builder trainingData(Map<String, Checksum> data) {
      this.trainingData = Map.copyOf(data);
      return this;
    }

    /** Extra manifest properties. */
    public Builder properties(Map<String, String> props) {
      this.properties = Map.copyOf(props);
      return this;
    }

    /** Progress listener. */
    public Builder progress(@Nullable ProgressListener l) {
      this.progress = l;
      return this;
    }

    /** The trainer. */
    public IntentTrainer build() {
      if (l2 < 0 || iterations < 1 || knnK < 1 || batchSize < 1 || threads < 1) {
        throw new ConfigurationException("Invalid trainer settings: l2=" + l2 + " iterations=" + iterations + " k=" + knnK
            + " batchSize=" + batchSize + " threads=" + threads);
      }
      return new IntentTrainer(this);
    }
  }
}
