package io.intentops.train.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.inference.ner.NerPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tunes on a small WNUT-17 subsample for a few steps: the loss must fall, and after export the
 * ONNX Runtime path (base encoder + injected int8 deltas + Java head) must give the same word
 * probabilities as the DJL model.
 */
class NerFineTuneSmokeTest {

  @Test
  void lossFallsAndDjlAndOrtAgreeOnTheTrainedWeights(@TempDir Path dir) throws Exception {
    Optional<Path> file = DatasetPaths.requireInCi("wnut17/wnut17train.conll");
    Assumptions.assumeTrue(file.isPresent(), "WNUT-17 not found; " + DatasetPaths.HOW_TO_GET);
    List<TaggedSentence> all = DatasetReaders.conll(file.get()).sentences();
    List<TaggedSentence> train = new ArrayList<>();
    for (TaggedSentence s : all) {
      if (s.tags().stream().anyMatch(t -> !t.equals("O")) && s.tokens().size() <= 25) {
        train.add(s);
      }
      if (train.size() == 24) {
        break;
      }
    }
    // Top two layers trainable, no dropout: a few large steps must visibly lower the loss.
    NerTrainingConfig config = NerTrainingConfig.builder().freezeLayers(10).dropout(0f).learningRate(1e-3)
        .warmupFraction(0).batchSize(8).maxEpochs(4).patience(0).maxTokens(64).build();
    List<Double> losses = new ArrayList<>();
    try (NerTrainer trainer = new NerTrainer(config, BaseEncoder.bgeSmall(), NerTrainer.labelsOf(all))) {
      NerTrainer.Result result = trainer.train(train, List.of(), new NerTrainer.Listener() {
        @Override
        public void onStep(int epoch, int step, int totalSteps, double meanEpochLoss) {
          if (step % 3 == 0) {
            losses.add(meanEpochLoss); // mean loss of each finished epoch (3 steps per epoch)
          }
        }
      });
      assertThat(result.totalSteps()).isEqualTo(12);
      assertThat(losses).hasSize(4);
      assertThat(losses.get(3)).isLessThan(losses.get(0) * 0.7);

      ModelManifest m = NerBundleExporter.export(trainer, dir, new NerBundleExporter.Info("smoke-ner",
          ModelVersion.of(0, 1, 0, 1), Map.of(), Map.of(), Map.of(), Instant.parse("2026-01-01T00:00:00Z")));
      assertThat(m.task()).isEqualTo(Task.NER);
      // Two trainable layers as int8 deltas: ~3.5 MB, far below a full encoder copy.
      assertThat(Files.size(dir.resolve(NerBundleExporter.WEIGHTS_FILE))).isBetween(3_000_000L, 4_500_000L);

      List<TaggedSentence> probe = train.subList(0, 6);
      List<float[][]> djl = trainer.wordLogProbs(trainer.prepareAll(probe));
      try (NerPredictor ort = NerPredictor.builder().bundle(dir).limits(io.intentops.core.InputLimits.custom()
          .maxTokens(64).build()).build()) {
        double maxDiff = 0;
        for (int s = 0; s < probe.size(); s++) {
          NerPredictor.WordScores ws = ort.scoreWords(probe.get(s).text());
          assertThat(ws.words()).isEqualTo(probe.get(s).tokens());
          for (int w = 0; w < ws.words().size(); w++) {
            for (int l = 0; l < m.labels().size(); l++) {
              maxDiff = Math.max(maxDiff, Math.abs(Math.exp(djl.get(s)[w][l]) - ws.probabilities()[w][l]));
            }
          }
        }
        assertThat(maxDiff).isLessThan(1e-3);
      }

      // A tampered weights file is refused.
      Path w = dir.resolve(NerBundleExporter.WEIGHTS_FILE);
      byte[] bytes = Files.readAllBytes(w);
      bytes[bytes.length - 10] ^= 1;
      Files.write(w, bytes);
      assertThatThrownBy(() -> NerPredictor.builder().bundle(dir).build()).isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining(NerBundleExporter.WEIGHTS_FILE);
    }
  }

  @Test
  void sameSeedGivesTheSameWeights() {
    List<TaggedSentence> train = List.of(
        new TaggedSentence(List.of("I", "love", "Paris", "and", "Bob"), List.of("O", "O", "B-location", "O", "B-person")),
        new TaggedSentence(List.of("Hello", "New", "York"), List.of("O", "B-location", "I-location")),
        new TaggedSentence(List.of("Alice", "Smith", "went", "home"), List.of("B-person", "I-person", "O", "O")));
    NerTrainingConfig config = NerTrainingConfig.builder().freezeLayers(11).batchSize(2).maxEpochs(2).patience(0)
        .learningRate(1e-3).build(); // dropout stays on: its mask must be seeded too
    List<String> labels = NerTrainer.labelsOf(train);
    Map<String, float[]> first;
    try (NerTrainer a = new NerTrainer(config, BaseEncoder.bgeSmall(), labels)) {
      a.train(train, List.of(), new NerTrainer.Listener() {});
      first = a.snapshot();
    }
    try (NerTrainer b = new NerTrainer(config, BaseEncoder.bgeSmall(), labels)) {
      b.train(train, List.of(), new NerTrainer.Listener() {});
      Map<String, float[]> second = b.snapshot();
      assertThat(second.keySet()).isEqualTo(first.keySet());
      for (String k : first.keySet()) {
        assertThat(second.get(k)).as(k).containsExactly(first.get(k));
      }
      assertThat(second.get("head.classifier.weight")).isNotEqualTo(b.baseValues().get("head.classifier.weight"));
    }
  }
}
