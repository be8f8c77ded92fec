package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.benchmarks.peers.RawNer;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.DigestCache;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.models.ReferenceModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cold start and resident memory of the reference predictors, each measured in a fresh JVM.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) io.intentops.benchmarks.ColdStart \
 *     [--repeats 3] [--models fp32,int8,ner,fp32-file] [--out benchmarks/results/coldstart/coldstart.json]
 * </pre>
 *
 * <p>For every repeat and model (models interleaved, so slow spells of a shared machine spread over all
 * of them) it launches two child JVMs ({@code java -Xss4m -Xmx2g}, this JVM's classpath):
 *
 * <ul>
 *   <li>{@code predictor}: {@code build()} of the reference predictor (digests verified), the first
 *       prediction, 100 more, then a second {@code build()} in the same JVM (what the in-process
 *       {@link DigestCache} can save); VmRSS from {@code /proc/self/status} before loading, after
 *       {@code build()} and after the 100 predictions; the shared digest cache's size after each build.
 *   <li>{@code phases}: the same load decomposed with public APIs: manifest + bundle file digests,
 *       reading the encoder from its classpath jar, its SHA-256, (NER only) parsing the graph and merging
 *       the weight deltas, ORT session creation with the library's default options, the first run on
 *       one tokenised text; then, for comparison, the encoder read again the way
 *       {@code ModelResource.readAllBytes} did before it read to the jar entry's size
 *       ({@code InputStream.readAllBytes}, after everything else, so it runs warm). These reproduce what {@code build()} does step by step; they are not timers
 *       inside the library.
 * </ul>
 *
 * <p>Prints median and range (min–max) per figure and writes them as JSON. Times are wall-clock
 * milliseconds; memory is kB. The operating system's page cache is warm after the first child, so these
 * are warm-disk cold starts of the JVM. Not thread-safe; a command-line tool.
 */
public final class ColdStart {
  static final int THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
  static final List<String> TEXTS = List.of("I still haven't received my card", "How do I change my PIN?",
      "@jenny heading to the Empire State Building with Mike tonight , then Starbucks on 5th Ave #nyc");
  private static final String PREFIX = "COLDSTART ";
  /**
   * The reference bundles from the classpath, and {@code fp32-file}: the FP32 bundle copied to a temporary
   * folder with the encoder as a plain file, the case the in-process {@link DigestCache} serves.
   */
  static final List<String> MODELS = List.of("fp32", "int8", "ner", "fp32-file");

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("--child")) {
      Map<String, Double> out = args[1].equals("predictor") ? predictorChild(args[2]) : phasesChild(args[2]);
      StringBuilder sb = new StringBuilder(PREFIX);
      out.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
      System.out.println(sb.toString().trim());
      System.exit(0); // ORT's native threads must not keep the child alive
    }
    int repeats = 3;
    List<String> models = MODELS;
    Path outFile = Path.of("benchmarks/results/coldstart/coldstart.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        case "--models" -> models = List.of(args[++i].split(","));
        case "--out" -> outFile = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (--repeats N, --models fp32,int8,ner,fp32-file, --out FILE)");
      }
    }
    for (String m : models) {
      if (!MODELS.contains(m)) {
        throw new IllegalArgumentException("unknown model " + m + " " + MODELS);
      }
    }
    String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
    Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    for (int r = 0; r < repeats; r++) {
      for (String m : models) {
        for (String mode : m.equals("fp32-file") ? List.of("predictor") : List.of("predictor", "phases")) {
          Map<String, Double> one = child(mode, m);
          System.out.printf(Locale.ROOT, "repeat %d %s %s %s%n", r + 1, m, mode, one);
          Map<String, List<Double>> per = samples.computeIfAbsent(m, k -> new LinkedHashMap<>());
          one.forEach((k, v) -> per.computeIfAbsent(mode + "." + k, k2 -> new ArrayList<>()).add(v));
        }
      }
    }
    String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
    StringBuilder json = new StringBuilder("{\n  \"repeats\": " + repeats + ",\n  \"loadAverageBefore\": \"" + load0
        + "\",\n  \"loadAverageAfter\": \"" + load1 + "\",\n  \"cores\": " + Runtime.getRuntime().availableProcessors()
        + ",\n  \"models\": {");
    String sepM = "\n";
    for (Map.Entry<String, Map<String, List<Double>>> e : samples.entrySet()) {
      System.out.printf(Locale.ROOT, "%n== %s (median [min, max] over %d fresh JVMs)%n", e.getKey(), repeats);
      json.append(sepM).append("    \"").append(e.getKey()).append("\": {");
      sepM = ",\n";
      String sep = "\n";
      for (Map.Entry<String, List<Double>> f : e.getValue().entrySet()) {
        double[] v = f.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "  %-34s %10.1f  [%.1f, %.1f]%n", f.getKey(), med, v[0], v[v.length - 1]);
        json.append(sep).append(String.format(Locale.ROOT,
            "      \"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f, \"samples\": %s}", f.getKey(), med, v[0],
            v[v.length - 1], Arrays.toString(v)));
        sep = ",\n";
      }
      json.append("\n    }");
    }
    json.append("\n  }\n}\n");
    Files.createDirectories(outFile.toAbsolutePath().getParent());
    Files.writeString(outFile, json.toString());
    System.out.printf("%nload average before: %s, after: %s; wrote %s%n", load0, load1, outFile);
  }

  /** Runs one child JVM and parses its result line. */
  private static Map<String, Double> child(String mode, String model) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xss4m", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        ColdStart.class.getName(), "--child", mode, model);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Map<String, Double> out = null;
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
        if (line.startsWith(PREFIX)) {
          out = new LinkedHashMap<>();
          for (String kv : line.substring(PREFIX.length()).split(" ")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
          }
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || out == null) {
      throw new IllegalStateException("child " + mode + " " + model + " failed (exit " + rc + "):\n"
          + String.join("\n", lines));
    }
    return out;
  }

  private static Supplier<Predictor<String, ?>> builder(String model) throws IOException {
    if (model.equals("fp32-file")) {
      Path dir = fileBundle();
      return () -> IntentPredictor.builder().bundle(dir).intraOpThreads(THREADS).build();
    }
    return switch (model) {
      case "fp32" -> () -> ReferenceModels.banking77IntentBuilder().intraOpThreads(THREADS).build();
      case "int8" -> () -> ReferenceModels.banking77IntentInt8Builder().intraOpThreads(THREADS).build();
      case "ner" -> () -> ReferenceModels.wnut17NerBuilder().intraOpThreads(THREADS).build();
      default -> throw new IllegalArgumentException(model);
    };
  }

  /** The FP32 bundle in a temporary folder, its encoder copied next to it as {@code encoder.onnx}. */
  private static Path fileBundle() throws IOException {
    Path dir = Files.createTempDirectory("coldstart-fp32-file");
    dir.toFile().deleteOnExit();
    ModelResource src = ModelResource.classpath(ReferenceModels.BANKING77_INTENT);
    for (String f : List.of("head.safetensors", "tokenizer.json", "encoder.onnx", BundleFiles.MANIFEST)) {
      dir.resolve(f).toFile().deleteOnExit();
    }
    for (String f : List.of("head.safetensors", "tokenizer.json")) {
      Files.write(dir.resolve(f), src.resolve(f).readAllBytes());
    }
    ModelManifest m = ReferenceModels.banking77IntentManifest();
    ModelResource enc = ModelResource.classpath(m.encoder().source().substring(ModelResource.CLASSPATH_PREFIX.length()));
    Files.write(dir.resolve("encoder.onnx"), enc.readAllBytes());
    ModelManifest.EncoderRef e = m.encoder();
    ModelManifests.write(new ModelManifest(m.formatVersion(), m.name(), m.version(), m.task(),
        new ModelManifest.EncoderRef(e.id(), "encoder.onnx", e.sha256(), e.pooling(), e.maxTokens()),
        m.tokenizerSha256(), m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), m.metrics(),
        m.createdAt(), m.seed(), m.properties()), dir.resolve(BundleFiles.MANIFEST));
    return dir;
  }

  private static String bundle(String model) {
    return switch (model) {
      case "fp32", "fp32-file" -> ReferenceModels.BANKING77_INTENT;
      case "int8" -> ReferenceModels.BANKING77_INTENT_INT8;
      case "ner" -> ReferenceModels.WNUT17_NER;
      default -> throw new IllegalArgumentException(model);
    };
  }

  private static String text(String model, int i) {
    return model.equals("ner") ? TEXTS.get(2) : TEXTS.get(i % 2);
  }

  /** build(), first prediction, 100 more, a second build(); RSS along the way. */
  private static Map<String, Double> predictorChild(String model) throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("jvmToMainMs", (double) (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
    out.put("rssBeforeLoadKb", rssKb());
    Supplier<Predictor<String, ?>> b = builder(model);
    long t0 = System.nanoTime();
    Predictor<String, ?> p = b.get();
    long t1 = System.nanoTime();
    p.predict(text(model, 0));
    long t2 = System.nanoTime();
    out.put("buildMs", ms(t1 - t0));
    out.put("firstPredictMs", ms(t2 - t1));
    out.put("buildToFirstPredictionMs", ms(t2 - t0));
    out.put("digestCacheEntriesAfterBuild", (double) DigestCache.shared().size());
    out.put("rssAfterLoadKb", rssKb());
    for (int i = 0; i < 100; i++) {
      p.predict(text(model, i));
    }
    out.put("rssAfter100Kb", rssKb());
    long t3 = System.nanoTime();
    Predictor<String, ?> p2 = b.get();
    out.put("secondBuildMs", ms(System.nanoTime() - t3));
    out.put("digestCacheEntriesAfterSecondBuild", (double) DigestCache.shared().size());
    out.put("rssTwoPredictorsKb", rssKb());
    p2.close();
    DigestCache.shared().clear();
    long t4 = System.nanoTime();
    Predictor<String, ?> p3 = b.get();
    out.put("thirdBuildCacheClearedMs", ms(System.nanoTime() - t4));
    p3.close();
    p.close();
    return out;
  }

  /** The load decomposed into its steps with public APIs (see the class comment). */
  private static Map<String, Double> phasesChild(String model) throws OrtException {
    Map<String, Double> out = new LinkedHashMap<>();
    RawOrt.environment(); // ORT's native start-up, timed apart from the session
    long t0 = System.nanoTime();
    ModelResource src = ModelResource.classpath(bundle(model));
    ModelManifest m = BundleFiles.readManifest(src);
    BundleFiles.verify(src, m);
    long t1 = System.nanoTime();
    ModelResource encoder = src.resolve(m.encoder().source());
    byte[] onnx = encoder.readAllBytes();
    long t2 = System.nanoTime();
    Checksum sha = Checksum.sha256(onnx);
    long t3 = System.nanoTime();
    if (!sha.matches(m.encoder().sha256())) {
      throw new IllegalStateException("encoder digest mismatch for " + encoder.ref());
    }
    out.put("manifestAndFilesMs", ms(t1 - t0));
    out.put("encoderReadMs", ms(t2 - t1));
    out.put("encoderSha256Ms", ms(t3 - t2));
    out.put("encoderMb", onnx.length / 1e6);
    RawNer.Injected w = null;
    long t4 = System.nanoTime();
    if (model.equals("ner")) {
      w = RawNer.inject(src, onnx);
    }
    long t5 = System.nanoTime();
    if (w != null) {
      out.put("graphParseAndDeltaMergeMs", ms(t5 - t4));
    }
    OrtSession s = RawOrt.session(onnx, encoder.ref(), THREADS, w == null ? Map.of() : w.overrides());
    long t6 = System.nanoTime();
    out.put("sessionCreateMs", ms(t6 - t5));
    ModelResource tokRef = model.equals("ner") ? src.resolve(m.properties().get("tokenizer.source"))
        : src.resolve("tokenizer.json");
    List<OnnxTensor> tensors = new ArrayList<>();
    try (TextTokenizer tok = TextTokenizer.load(tokRef, 128)) {
      long t7 = System.nanoTime();
      TokenBatch b = tok.encodeBatch(List.of(text(model, 0)));
      long[] shape = {b.batchSize(), b.seqLen()};
      Map<String, OnnxTensor> in = new HashMap<>();
      in.put("input_ids", keep(tensors, RawOrt.longTensor(b.inputIds(), shape)));
      in.put("attention_mask", keep(tensors, RawOrt.longTensor(b.attentionMask(), shape)));
      if (s.getInputNames().contains("token_type_ids")) {
        in.put("token_type_ids", keep(tensors, RawOrt.longTensor(b.typeIds(), shape)));
      }
      try (OrtSession.Result r = s.run(in)) {
        ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
      }
      out.put("firstRunMs", ms(System.nanoTime() - t7));
      out.put("totalMs", ms(System.nanoTime() - t0));
      out.put("rssAfterLoadKb", rssKb());
      long tl = System.nanoTime();
      byte[] legacy;
      try (InputStream legacyIn = encoder.open()) {
        legacy = legacyIn.readAllBytes(); // what ModelResource.readAllBytes did before it read to the jar entry's size
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.put("encoderReadLegacyMs", ms(System.nanoTime() - tl));
      if (legacy.length != onnx.length) {
        throw new IllegalStateException("legacy read gave " + legacy.length + " bytes, expected " + onnx.length);
      }
      long tw = System.nanoTime();
      byte[] again = encoder.readAllBytes(); // the current read, warm as the legacy one was
      out.put("encoderReadWarmMs", ms(System.nanoTime() - tw));
      if (again.length != onnx.length) {
        throw new IllegalStateException("second read gave " + again.length + " bytes");
      }
    } finally {
      tensors.forEach(OnnxTensor::close);
      s.close();
      if (w != null) {
        w.owned().forEach(OnnxTensor::close);
      }
    }
    return out;
  }

  private static OnnxTensor keep(List<OnnxTensor> list, OnnxTensor t) {
    list.add(t);
    return t;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** VmRSS of this process from {@code /proc/self/status}, in kB. */
  static double rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      throw new IllegalStateException("/proc/self/status has no VmRSS line");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
