package io.intentops.inference.head;

import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenBatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diagnostic, not a JMH benchmark: the microseconds of the Java work on top of an encoder run, measured
 * right after an INT8 encoder run (caches cold) and once more straight after (warm): {@code encodeIds}
 * (the Java WordPiece path) against the native ids-only call it replaces, and the pruned kNN
 * ({@link KnnIndex} through {@link OosScorer#score}) against the reference scan, on the INT8 reference
 * bundle's bank. In this package because both classes are package-private. Usage:
 * {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) io.intentops.inference.head.JavaWorkAfterRun 16000}
 * (measured iterations after 2000 warm-up ones; each iteration measures one of the four operations).
 */
public final class JavaWorkAfterRun {
  private JavaWorkAfterRun() {}

  public static void main(String[] a) throws Exception {
    String dir = "io/intentops/models/banking77-intent-int8/";
    IntentHeadWeights h = IntentHeadWeights.read(ModelResource.classpath(dir + "head.safetensors"));
    OosScorer pruned = OosScorer.knnCosine(h.bank(), h.bankRows(), h.dim(), 10);
    byte[] json = ModelResource.classpath(dir + "tokenizer.json").readAllBytes();
    TextTokenizer tok = TextTokenizer.load(json, "t", 128);
    ai.djl.huggingface.tokenizers.HuggingFaceTokenizer hf = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
        new java.io.ByteArrayInputStream(json), Map.of("truncation", "true", "padding", "false", "maxLength", "128", "addSpecialTokens", "true"));
    SentenceEncoder enc = SentenceEncoder.builder().model(ModelResource.classpath("bge-small-en-v1.5-q.onnx"))
        .tokenizer(ModelResource.classpath(dir + "tokenizer.json")).maxTokens(128).build();
    String[] texts = {"How do I top up my card?", "my card payment was declined twice today", "what is the exchange rate for euros",
        "Why was I charged a fee for a transfer?", "I lost my phone, can you freeze my account please"};
    System.out.printf(Locale.ROOT, "load average before: %s%n", java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    System.out.println("bank rows " + h.bankRows() + " dim " + h.dim());
    int n = Integer.parseInt(a.length > 0 ? a[0] : "3000");
    long[] t = new long[8];
        for (int i = 0; i < n + 2000; i++) {
      String s = texts[i % texts.length];
      float[] e = enc.embed(TokenBatch.of(List.of(tok.encodeIds(s))))[0];
      boolean rec = i >= 2000;
      // cold: right after an encoder run; one measured op per run, rotating
      int which = i % 4;
      long t0 = System.nanoTime();
      double sink = 0;
      switch (which) {
        case 0 -> sink = tok.encodeIds(s).length();
        case 1 -> { long en = TokenizersLibrary.LIB.encode(hf.getHandle(), s, true); sink = TokenizersLibrary.LIB.getTokenIds(en).length; TokenizersLibrary.LIB.getTypeIds(en); TokenizersLibrary.LIB.getOverflowCount(en); TokenizersLibrary.LIB.deleteEncoding(en); }
        case 2 -> sink = pruned.score(e, new double[0]);
        case 3 -> sink = OosScorer.knnCosine(e, h.bank(), h.bankRows(), h.dim(), 10);
      }
      long c = System.nanoTime() - t0;
      // warm: the same op again
      long t1 = System.nanoTime();
      switch (which) {
        case 0 -> sink += tok.encodeIds(s).length();
        case 1 -> { long en = TokenizersLibrary.LIB.encode(hf.getHandle(), s, true); sink += TokenizersLibrary.LIB.getTokenIds(en).length; TokenizersLibrary.LIB.getTypeIds(en); TokenizersLibrary.LIB.getOverflowCount(en); TokenizersLibrary.LIB.deleteEncoding(en); }
        case 2 -> sink += pruned.score(e, new double[0]);
        case 3 -> sink += OosScorer.knnCosine(e, h.bank(), h.bankRows(), h.dim(), 10);
      }
      long w = System.nanoTime() - t1;
      if (sink == 12345.678) System.out.print("");
      if (rec) { t[which * 2] += c; t[which * 2 + 1] += w; }
    }
    enc.close();
    tok.close();
    hf.close();
    String[] names = {"encodeIds (Java path)", "native ids-only call", "kNN pruned (KnnIndex)", "kNN reference scan"};
    for (int k = 0; k < 4; k++) {
      System.out.printf(Locale.ROOT, "%-24s cold %6.1f us  warm %6.1f us%n", names[k], t[k * 2] / 1e3 / (n / 4), t[k * 2 + 1] / 1e3 / (n / 4));
    }
  }
}
