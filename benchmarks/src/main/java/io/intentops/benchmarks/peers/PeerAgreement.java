package io.intentops.benchmarks.peers;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import io.intentops.core.IntentPrediction;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.Pooling;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.models.ReferenceModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks that the peers in {@code PeerBenchmark} compute the same thing as our predictor: for a
 * seeded sample of BANKING77 test texts (or {@link PeerModels#TEXTS} when the dataset is absent) it
 * records, per peer, how often its top label equals ours, its accuracy against the gold labels, and
 * how far its embedding is from ours (largest absolute difference and mean cosine similarity).
 * Writes a JSON file that {@code BenchmarkReport} renders.
 *
 * <p>Usage: {@code PeerAgreement OUT.json [SAMPLE_SIZE]} (default sample 400, seed 2025).
 */
public final class PeerAgreement {
  /** Default number of sampled test texts. */
  public static final int DEFAULT_SAMPLE = 400;
  /** Sampling seed. */
  public static final long SEED = 2025L;

  private PeerAgreement() {}

  /** A peer under comparison: what it is, and text to embedding. */
  private record Peer(String name, String embedding, Function<String, float[]> embed) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: PeerAgreement OUT.json [SAMPLE_SIZE]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int sample = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SAMPLE;

    List<String> texts = new ArrayList<>();
    List<@Nullable String> gold = new ArrayList<>();
    Map<String, Object> source = new LinkedHashMap<>();
    Optional<Path> test = DatasetPaths.find("banking77/test.csv");
    if (test.isPresent()) {
      TextClassificationDataset ds = DatasetReaders.banking77(test.get());
      List<LabeledText> ex = new ArrayList<>(ds.examples());
      Collections.shuffle(ex, new Random(SEED));
      for (LabeledText t : ex.subList(0, Math.min(sample, ex.size()))) {
        texts.add(t.text());
        gold.add(t.label());
      }
      source.put("dataset", "banking77/test");
      source.put("fileSha256", ds.manifest().fileSha256().toString());
      source.put("sampling", "shuffled with java.util.Random(" + SEED + "), first " + texts.size());
    } else {
      texts.addAll(PeerModels.TEXTS);
      PeerModels.TEXTS.forEach(t -> gold.add(null));
      source.put("dataset", "PeerModels.TEXTS (BANKING77 not found under " + DatasetPaths.root() + ")");
    }

    ReferenceHead head = ReferenceHead.banking77();
    Path dir = PeerModels.encoderDirectory();
    try (ZooModel<String, float[]> djl = PeerModels.djl(dir, 2);
        Predictor<String, float[]> djlPredictor = djl.newPredictor();
        IntentPredictor ours = ReferenceModels.banking77IntentBuilder().build();
        SentenceEncoder encoder = SentenceEncoder.builder()
            .model(ModelResource.classpath(PeerModels.ENCODER_RESOURCE))
            .tokenizer(ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve("tokenizer.json"))
            .pooling(Pooling.MEAN).maxTokens(PeerModels.MAX_TOKENS).build()) {
      BgeSmallEnV15EmbeddingModel lc4j = new BgeSmallEnV15EmbeddingModel();
      OnnxEmbeddingModel lc4jMean = new OnnxEmbeddingModel(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"),
          PoolingMode.MEAN);
      List<Peer> peers = List.of(
          new Peer("djl", "DJL TextEmbeddingTranslator: mean pooling, not normalised", t -> {
            try {
              return djlPredictor.predict(t);
            } catch (TranslateException e) {
              throw new IllegalStateException(e);
            }
          }),
          new Peer("lc4j", "langchain4j BgeSmallEnV15EmbeddingModel: CLS pooling, L2-normalised",
              t -> lc4j.embed(t).content().vector()),
          new Peer("lc4j-mean", "langchain4j OnnxEmbeddingModel(PoolingMode.MEAN), same ONNX: mean pooling, L2-normalised",
              t -> lc4jMean.embed(t).content().vector()));

      List<IntentPrediction> ourPreds = ours.predictBatch(texts);
      List<float[]> ourEmb = new ArrayList<>();
      for (String t : texts) {
        ourEmb.add(encoder.embed(List.of(t))[0]);
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("name", "peer-agreement");
      report.put("command", "java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) "
          + PeerAgreement.class.getName() + " " + out + " " + sample);
      report.put("source", source);
      report.put("examples", texts.size());
      report.put("ours", Map.of("name", "ours", "embedding", "IntentPredictor reference bundle: mean pooling, not normalised",
          "accuracy", accuracy(ourPreds.stream().map(IntentPrediction::label).toList(), gold)));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Peer p : peers) {
        List<String> labels = new ArrayList<>();
        int agree = 0;
        double maxAbs = 0;
        double cosSum = 0;
        for (int i = 0; i < texts.size(); i++) {
          float[] e = p.embed().apply(texts.get(i));
          String label = head.classify(e).label();
          labels.add(label);
          if (label.equals(ourPreds.get(i).label())) {
            agree++;
          }
          float[] o = ourEmb.get(i);
          for (int j = 0; j < o.length; j++) {
            maxAbs = Math.max(maxAbs, Math.abs(o[j] - e[j]));
          }
          cosSum += cosine(o, e);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", p.name());
        r.put("embedding", p.embedding());
        r.put("agreementWithOurs", (double) agree / texts.size());
        r.put("accuracy", accuracy(labels, gold));
        r.put("maxAbsEmbeddingDiff", maxAbs);
        r.put("meanCosineToOurs", cosSum / texts.size());
        rows.add(r);
        System.out.printf("%-10s agreement %.4f accuracy %s max|diff| %.3g cos %.6f%n", p.name(),
            (double) agree / texts.size(), r.get("accuracy"), maxAbs, cosSum / texts.size());
      }
      report.put("peers", rows);
      Files.createDirectories(out.toAbsolutePath().getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    } finally {
      PeerModels.deleteDirectory(dir);
    }
  }

  private static @Nullable Double accuracy(List<String> predicted, List<@Nullable String> gold) {
    if (gold.isEmpty() || gold.get(0) == null) {
      return null;
    }
    int ok = 0;
    for (int i = 0; i < predicted.size(); i++) {
      if (predicted.get(i).equals(gold.get(i))) {
        ok++;
      }
    }
    return (double) ok / predicted.size();
  }

  private static double cosine(float[] a, float[] b) {
    double d = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return d / Math.sqrt(na * nb);
  }

}
