package io.intentops.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.intentops.benchmarks.peers.RawOrt;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import io.intentops.models.ReferenceModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Library overhead of {@link IntentPredictor} over a bare {@code OrtSession.run} of the same encoder on
 * the same, already tokenised input (session options identical). The predictor's time additionally
 * includes input validation, tokenisation, tensor creation, pooling, the head, softmax and the kNN OOS
 * score; the raw run is the floor. {@code encoder=int8} swaps in the INT8 bge-small export with the same
 * head, for the INT8 speed-up.
 *
 * <pre>mvn -B -ntp -pl benchmarks exec:exec -Djmh.args="IntentPredictorBenchmark -f 1 -wi 2 -i 3"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IntentPredictorBenchmark {
  static final String TEXT = "I still haven't received my card";
  static final List<String> BATCH = List.of(
      "I still haven't received my card", "What is the exchange rate for euros?", "My top up failed",
      "How do I change my PIN?", "Why was I charged twice for one transaction?", "Can I get a virtual card?",
      "The ATM swallowed my card", "I want to cancel a transfer I just made");

  @Param({"fp32", "int8"})
  public String encoder;

  @Param({"2"})
  public int threads;

  private IntentPredictor predictor;
  private OrtSession raw;
  private Map<String, OnnxTensorLike> single;
  private Map<String, OnnxTensorLike> batch32;
  private final List<OnnxTensor> tensors = new ArrayList<>();
  private List<String> texts32;
  private Path tmp;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String onnx = encoder.equals("int8") ? "bge-small-en-v1.5-q.onnx" : "bge-small-en-v1.5.onnx";
    if (encoder.equals("int8")) {
      tmp = Files.createTempDirectory("int8-bundle");
      ModelResource src = ModelResource.classpath(ReferenceModels.BANKING77_INTENT);
      for (String f : List.of("head.safetensors", "tokenizer.json")) {
        Files.write(tmp.resolve(f), src.resolve(f).readAllBytes());
      }
      ModelManifest m = ReferenceModels.banking77IntentManifest();
      ModelResource q = ModelResource.classpath(onnx);
      ModelManifests.write(new ModelManifest(m.formatVersion(), m.name(), m.version(), m.task(),
          new ModelManifest.EncoderRef("bge-small-en-v1.5-q", q.ref(), q.sha256(), "mean", 128), m.tokenizerSha256(),
          m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), m.metrics(), m.createdAt(), m.seed(),
          m.properties()), tmp.resolve(BundleFiles.MANIFEST));
      predictor = IntentPredictor.builder().bundle(tmp).intraOpThreads(threads).build();
    } else {
      predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(threads).build();
    }
    raw = RawOrt.session(ModelResource.classpath(onnx), threads);
    texts32 = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      texts32.add(BATCH.get(i % BATCH.size()) + (i >= BATCH.size() ? " please" : ""));
    }
    try (TextTokenizer tok = TextTokenizer.load(ModelResource.classpath("bge-small-en-v1.5-tokenizer.json"), 128)) {
      single = inputs(tok.encodeBatch(List.of(TEXT)));
      batch32 = inputs(tok.encodeBatch(texts32));
    }
  }

  private Map<String, OnnxTensorLike> inputs(TokenBatch b) {
    long[] shape = {b.batchSize(), b.seqLen()};
    Map<String, OnnxTensorLike> in = new HashMap<>();
    OnnxTensor ids = RawOrt.longTensor(b.inputIds(), shape);
    OnnxTensor mask = RawOrt.longTensor(b.attentionMask(), shape);
    tensors.add(ids);
    tensors.add(mask);
    in.put("input_ids", ids);
    in.put("attention_mask", mask);
    if (raw.getInputNames().contains("token_type_ids")) {
      OnnxTensor t = RawOrt.longTensor(b.typeIds(), shape);
      tensors.add(t);
      in.put("token_type_ids", t);
    }
    return in;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    predictor.close();
    tensors.forEach(OnnxTensor::close);
    raw.close();
  }

  /** One text through the whole predictor (validation, tokenizer, encoder, head, OOS). */
  @Benchmark
  public IntentPrediction predictor1() {
    return predictor.predict(TEXT);
  }

  /** The same text's encoder run alone on pre-tokenised tensors. */
  @Benchmark
  public float raw1() throws OrtException {
    try (OrtSession.Result r = raw.run(single)) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** 32 texts through {@code predictBatch} (one ORT run, padded to the longest). */
  @Benchmark
  public List<IntentPrediction> predictor32() {
    return predictor.predictBatch(texts32);
  }

  /** The same 32 texts' encoder run alone on pre-tokenised tensors. */
  @Benchmark
  public float raw32() throws OrtException {
    try (OrtSession.Result r = raw.run(batch32)) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }
}
