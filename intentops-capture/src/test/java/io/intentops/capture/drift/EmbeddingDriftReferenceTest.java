package io.intentops.capture.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.capture.CapturePipeline;
import io.intentops.capture.CapturingPredictor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.drift.DriftJob.Status;
import io.intentops.inference.IntentPredictor;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding drift end to end with the reference BANKING77 bundle: the baseline's embedding sample comes
 * from 300 BANKING77 test texts at "eval time" (through the predictor's pooled-feature hook, no second
 * encoder pass), is stored with the bundle and read back; live traffic goes predictor → capture pipeline
 * (redaction) → monitors. 300 in-domain texts (3 windows of 100) stay OK; then traffic moves to CLINC150
 * out-of-scope texts, or to five card intents of BANKING77, and the embedding signal alone makes the
 * monitor DEGRADED on the third shifted window. About 1,200 predictions in all.
 */
class EmbeddingDriftReferenceTest {
  static final int WINDOW = 100;
  static final Set<String> CARD_INTENTS = Set.of("card_arrival", "card_delivery_estimate", "activate_my_card",
      "card_not_working", "lost_or_stolen_card");
  static IntentPredictor predictor;
  static EmbeddingTap tap;
  static List<String> evalTexts;
  static List<String> inDomain;
  static List<String> clincOos;
  static List<String> cardOnly;
  static List<IntentPrediction> evalPredictions;
  static List<float[]> evalProjected;
  static List<io.intentops.core.capture.CaptureEvent> inDomainCaptured = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void load() {
    Optional<Path> test = DatasetPaths.requireInCi("banking77/test.csv");
    Optional<Path> train = DatasetPaths.requireInCi("banking77/train.csv");
    Optional<Path> clinc = DatasetPaths.requireInCi("clinc150/data_full.json");
    Assumptions.assumeTrue(test.isPresent() && train.isPresent() && clinc.isPresent(), DatasetPaths.HOW_TO_GET);
    List<String> b77 = new ArrayList<>(DatasetReaders.banking77(test.get()).examples().stream()
        .map(LabeledText::text).toList());
    Collections.shuffle(b77, new Random(2025));
    evalTexts = b77.subList(0, 300);
    inDomain = b77.subList(300, 600);
    List<String> oos = new ArrayList<>(DatasetReaders.clinc150(clinc.get(), "oos_test").examples().stream()
        .map(LabeledText::text).toList());
    Collections.shuffle(oos, new Random(2025));
    clincOos = oos.subList(0, 3 * WINDOW);
    List<String> cards = new ArrayList<>(DatasetReaders.banking77(train.get()).examples().stream()
        .filter(e -> CARD_INTENTS.contains(e.label())).map(LabeledText::text).toList());
    Collections.shuffle(cards, new Random(2025));
    cardOnly = cards.subList(0, 3 * WINDOW);
    // bge-small-en-v1.5 pools to 384 dimensions; a wrong guess would show up as rejected vectors.
    tap = EmbeddingTap.of(EmbeddingProjection.of(384));
    predictor = ReferenceModels.banking77IntentBuilder().intraOpThreads(2).pooledFeatures(tap.hook()).build();
    evalPredictions = predictor.predictBatch(evalTexts);
    evalProjected = new ArrayList<>();
    for (IntentPrediction p : evalPredictions) {
      evalProjected.add(tap.take(p).toArray());
    }
    // The unshifted phase is served and captured once; both scenarios replay its redacted records.
    try (CapturePipeline pipeline = CapturePipeline.builder().sink(inDomainCaptured::add).build()) {
      CapturingPredictor served = CapturingPredictor.wrap(predictor, pipeline, ManualClock.create(), "salt", tap::take);
      for (int i = 0; i < inDomain.size(); i += 25) {
        served.predictBatch(inDomain.subList(i, i + 25));
      }
    }
  }

  @AfterAll
  static void close() {
    if (predictor != null) {
      predictor.close();
    }
  }

  /** The baseline as an eval step would write it: predictions and projected embeddings of the eval texts. */
  static DriftBaseline baseline(Path bundle) {
    DriftBaseline b = DriftBaseline.of(predictor.version(), evalPredictions).withEmbedding(EmbeddingSummary.ofProjected(
        tap.projection(), evalProjected, EmbeddingSummary.DEFAULT_SAMPLE_SIZE, EmbeddingSummary.DEFAULT_SEED));
    b.writeTo(bundle);
    return DriftBaseline.readFrom(bundle);
  }

  /** Only the embedding signal can breach: the other effect-size minimums are out of reach. */
  static LiveDriftConfig embeddingOnly() {
    return LiveDriftConfig.custom().windowSize(WINDOW).minSamples(WINDOW).classJsDistance(0.999).confidenceKs(0.999)
        .oosRateDelta(0.999).build();
  }

  List<DriftWindow> run(Path bundle, List<String> shifted, String name) {
    DriftBaseline base = baseline(bundle);
    assertThat(base.embedding()).isNotNull();
    List<DriftWindow> windows = new CopyOnWriteArrayList<>();
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(base).config(embeddingOnly()).clock(ManualClock.create())
        .listener(windows::add).build();
    assertThat(inDomainCaptured).hasSize(inDomain.size());
    monitor.acceptAll(inDomainCaptured);
    assertThat(windows).hasSize(3);
    try (CapturePipeline pipeline = CapturePipeline.builder().sink(monitor).build()) {
      CapturingPredictor served = CapturingPredictor.wrap(predictor, pipeline, ManualClock.create(), "salt", tap::take);
      for (int i = 0; i < shifted.size(); i += 25) {
        served.predictBatch(shifted.subList(i, i + 25));
      }
      pipeline.flush();
    }
    for (DriftWindow w : windows) {
      System.out.printf("%s window %d: n=%d emb=%d MMD2=%.4f p=%.4f breaches=%s status=%s%n", name, w.index(), w.size(),
          w.embeddingSize(), w.embeddingMmd2(), w.embeddingPValue(), w.breaches(), w.status());
    }
    assertThat(tap.rejected()).isZero();
    assertThat(tap.parked()).isZero(); // every vector was claimed by the capture of its prediction
    assertThat(windows).hasSize(6).allMatch(w -> w.embeddingSize() == WINDOW);
    assertThat(windows.subList(0, 3)).allMatch(w -> w.status() != Status.DEGRADED)
        .filteredOn(w -> w.breaches().contains("embedding")).hasSizeLessThanOrEqualTo(1);
    assertThat(windows.subList(3, 6)).allMatch(w -> w.breaches().equals(List.of("embedding")));
    assertThat(windows.get(5).status()).isEqualTo(Status.DEGRADED);
    assertThat(monitor.status()).isEqualTo(Status.DEGRADED);
    return windows;
  }

  @Test
  void trafficMovingToClinc150OutOfScopeTextsIsDegradedOnTheThirdShiftedWindow(@TempDir Path bundle) {
    run(bundle, clincOos, "clinc150-oos");
  }

  @Test
  void trafficNarrowingToFiveCardIntentsIsDegradedOnTheThirdShiftedWindow(@TempDir Path bundle) {
    run(bundle, cardOnly, "card-intents");
  }
}
