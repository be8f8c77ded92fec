package io.intentops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TestModels;
import io.intentops.inference.encoder.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

/** Loads a real (tiny, self-built) ONNX sequence-classification export in the Hugging Face layout. */
class HuggingFaceExportTest {
  static Path dir;
  static IntentPredictor predictor;

  @BeforeContainer
  @org.junit.jupiter.api.BeforeAll
  static synchronized void build() throws Exception {
    if (predictor != null) {
      return;
    }
    dir = Files.createTempDirectory("hf-export");
    byte[] tok = ModelResource.classpath(TestModels.BGE_TOKENIZER).readAllBytes();
    Files.write(dir.resolve("tokenizer.json"), tok);
    int vocab;
    long card;
    long weather;
    long transfer;
    try (TextTokenizer t = TextTokenizer.load(tok, "tok", 16)) {
      card = t.encode("card").ids()[1];
      weather = t.encode("weather").ids()[1];
      transfer = t.encode("transfer").ids()[1];
      vocab = 30522;
    }
    int classes = 3;
    float[] e = new float[vocab * classes];
    e[(int) card * classes] = 3f;
    e[(int) weather * classes + 1] = 3f;
    e[(int) transfer * classes + 2] = 3f;
    Files.write(dir.resolve("model.onnx"), TinyOnnx.bagOfTokensClassifier(e, vocab, classes));
    Files.writeString(dir.resolve("config.json"),
        "{\"architectures\":[\"BertForSequenceClassification\"],\"id2label\":{\"0\":\"card\",\"2\":\"transfer\",\"1\":\"weather\"}}");
    predictor = IntentPredictor.builder().huggingFace(dir).huggingFaceVersion(ModelVersion.parse("0.1.0-1"))
        .huggingFaceOosThreshold(-2.0).intraOpThreads(1).build();
  }

  @AfterContainer
  static synchronized void close() {
    // shared by the JUnit and jqwik engines; closed when the JVM exits
  }

  @Test
  void predictsFromTheGraphsLogits() {
    IntentPrediction p = predictor.predict("where is my card");
    assertThat(p.label()).isEqualTo("card");
    // logits (3, 0, 0) at T = 1
    double expected = Math.exp(3) / (Math.exp(3) + 2);
    assertThat(p.score()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(p.topK()).hasSize(3);
    assertThat(predictor.predict("weather weather today").label()).isEqualTo("weather");
    assertThat(predictor.predict("make a transfer").label()).isEqualTo("transfer");
    assertThat(predictor.manifest().labels()).containsExactly("card", "weather", "transfer");
    assertThat(predictor.version()).isEqualTo(ModelVersion.parse("0.1.0-1"));
  }

  @Test
  void energyScoreDecidesOutOfScope() {
    // energy = -logsumexp(logits): (3,0,0) -> about -3.2 (in scope); (0,0,0) -> -log 3 = -1.1 (out of scope)
    IntentPrediction in = predictor.predict("card");
    IntentPrediction out = predictor.predict("pizza");
    assertThat(in.oosScore()).isCloseTo(-Math.log(Math.exp(3) + 2), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(in.outOfScope()).isFalse();
    assertThat(out.oosScore()).isCloseTo(-Math.log(3), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(out.outOfScope()).isTrue();
  }

  @Test
  void batchPadsToTheLongestWithoutChangingAnswers() {
    var batch = predictor.predictBatch(java.util.List.of("card", "a long sentence about the weather in june", "transfer"));
    assertThat(batch).extracting(IntentPrediction::label).containsExactly("card", "weather", "transfer");
    assertThat(batch.get(0).score()).isEqualTo(predictor.predict("card").score());
  }

  @Test
  void explanationsOfAnExportPointAtTheWordTheGraphKeysOn() {
    String text = "where is my  card";
    io.intentops.inference.explain.Explanation e = predictor.explain(text);
    assertThat(e.target()).isEqualTo("card");
    assertThat(e.textsScored()).isEqualTo(5);
    assertThat(e.topIntentWords(1).get(0).word()).isEqualTo("card");
    assertThat(e.topIntentWords(1).get(0).start()).isEqualTo(text.indexOf("card"));
    // The energy score falls when "card" is present, so removing it raises the score: negative OOS attribution.
    assertThat(e.topIntentWords(1).get(0).oos()).isNegative();
  }

  @Test
  void missingId2labelIsAModelLoadException() throws Exception {
    Path bad = Files.createTempDirectory("hf-bad");
    for (String f : new String[] {"model.onnx", "tokenizer.json"}) {
      Files.copy(dir.resolve(f), bad.resolve(f));
    }
    Files.writeString(bad.resolve("config.json"), "{\"architectures\":[]}");
    assertThatThrownBy(() -> IntentPredictor.builder().huggingFace(bad).build())
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("id2label");
  }

  @Property(tries = 100)
  void probabilitiesAreADistributionAndTopKIsSorted(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String text) {
    IntentPrediction p = predictor.predict(text);
    double sum = 0;
    double prev = 1.0;
    for (ScoredLabel s : p.topK()) {
      assertThat(s.score()).isBetween(0.0, prev);
      prev = s.score();
      sum += s.score();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(p.label()).isEqualTo(p.topK().get(0).label());
  }
}
