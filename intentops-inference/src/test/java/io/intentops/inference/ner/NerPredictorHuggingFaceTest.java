package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.Entity;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.NerResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NerPredictor on a real (tiny) Hugging Face-style ONNX token-classification export. */
class NerPredictorHuggingFaceTest {
  @TempDir static Path dir;
  static NerPredictor predictor;

  @BeforeAll
  static void load() {
    HfTinyModel.write(dir);
    predictor = NerPredictor.builder().huggingFace(dir).build();
  }

  @AfterAll
  static void close() {
    predictor.close();
  }

  @Test
  void findsEntitiesWithOffsetsIntoTheOriginalText() {
    String text = "  John   Smith flew to  Paris,  then New York 👋 ";
    NerResult r = predictor.predict(text);
    assertThat(r.entities()).extracting(Entity::type, Entity::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("person", "John   Smith"),
            org.assertj.core.groups.Tuple.tuple("location", "Paris,"),
            org.assertj.core.groups.Tuple.tuple("location", "New York"));
    for (Entity e : r.entities()) {
      assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
      assertThat(e.score()).isBetween(0.9, 1.0);
    }
    assertThat(r.truncated()).isFalse();
    assertThat(predictor.labels()).isEqualTo(HfTinyModel.LABELS);
    assertThat(r.modelVersion()).isEqualTo(io.intentops.core.ModelVersion.of(0, 0, 0, 0));
    assertThat(predictor.manifest()).isNull();
  }

  @Test
  void explanationsListEveryContextWordOfEachEntityWithOffsetsIntoTheText() {
    String text = "  John   Smith flew to  Paris,  then New York \uD83D\uDC4B ";
    io.intentops.inference.explain.NerExplanation x = predictor.explain(text);
    assertThat(x.result().entities()).isEqualTo(predictor.predict(text).entities()).hasSize(3);
    assertThat(x.textsScored()).isEqualTo(9 + 1);
    assertThat(x.entities()).hasSize(3);
    io.intentops.inference.explain.EntityExplanation john = x.entities().get(0);
    assertThat(john.entity().text()).isEqualTo("John   Smith");
    assertThat(john.typeProbability()).isGreaterThan(0.9);
    assertThat(john.context()).extracting(io.intentops.inference.explain.WordSupport::word)
        .containsExactly("flew", "to", "Paris,", "then", "New", "York", "\uD83D\uDC4B");
    for (var ex : x.entities()) {
      for (var w : ex.context()) {
        assertThat(text.substring(w.start(), w.end())).isEqualTo(w.word());
        // The tiny model looks each piece up on its own: no context word can change an entity's type.
        assertThat(w.support()).as(w.word()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
      }
    }
    // Windowed (5 tokens) the same: every variant's windows go through the one scorer run.
    try (NerPredictor small = NerPredictor.builder().huggingFace(dir)
        .limits(InputLimits.custom().maxTokens(5).build()).build()) {
      var w = small.explain(text);
      assertThat(w.entities()).extracting(e -> e.entity().text()).containsExactly("John   Smith", "Paris,", "New York");
      assertThat(w.entities().get(2).context()).hasSize(7);
    }
    assertThatThrownBy(() -> predictor.explain("john smith and mary",
        io.intentops.inference.explain.ExplainConfig.custom().maxWords(3).build()))
        .isInstanceOf(io.intentops.core.InvalidInputException.class).hasMessageContaining("4 words");
    assertThatThrownBy(() -> predictor.explain("john smith", io.intentops.inference.explain.ExplainConfig.custom()
        .method(io.intentops.inference.explain.ExplanationMethod.SAMPLED_SHAPLEY).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("only OCCLUSION");
  }

  @Test
  void viterbiNeverStartsAnEntityWithADanglingInside() {
    // "smith" alone scores I-person: greedy (conlleval) makes it an entity, Viterbi must not emit a bare I-.
    try (NerPredictor greedy = NerPredictor.builder().huggingFace(dir)
        .decoding(NerPredictor.Decoding.GREEDY).build()) {
      assertThat(greedy.predict("hello smith").entities()).extracting(Entity::text).containsExactly("smith");
    }
    // Viterbi only considers valid BIO sequences: P(B-person, I-person) = 0.04 beats
    // P(O, O) = 0.006 and P(O, B-person) = 0.006, so the entity gets a proper start at "hello".
    NerResult v = predictor.predict("hello smith");
    assertThat(v.entities()).extracting(Entity::text).containsExactly("hello smith");
  }

  @Test
  void longTextsAreWindowedAndEntitiesMergedAcrossBorders() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(i % 7 == 3 ? "new york " : i % 5 == 1 ? "john smith " : "the weather is nice today ");
    }
    String text = sb.toString();
    NerResult whole = predictor.predict(text);
    assertThat(whole.truncated()).isFalse();
    for (int maxTokens : new int[] {5, 8, 13, 32}) {
      try (NerPredictor small = NerPredictor.builder().huggingFace(dir)
          .limits(InputLimits.custom().maxTokens(maxTokens).build()).build()) {
        NerResult r = small.predict(text);
        assertThat(r.truncated()).isTrue();
        assertThat(r.entities()).extracting(Entity::start, Entity::end, Entity::type)
            .isEqualTo(whole.entities().stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.start(), e.end(),
                e.type())).toList());
      }
    }
    assertThat(whole.entities()).hasSizeGreaterThan(5);
  }

  @Test
  void rejectsBadInputWithTypedExceptions() {
    assertThatThrownBy(() -> predictor.predict(null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.predict("")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.predict(" \t\n")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.predict("a\uD800b")).isInstanceOf(InvalidInputException.class);
    try (NerPredictor tiny = NerPredictor.builder().huggingFace(dir)
        .limits(InputLimits.custom().maxChars(10).build()).build()) {
      assertThatThrownBy(() -> tiny.predict("john smith is here")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("limit is 10");
    }
  }

  @Test
  void predictionsAfterCloseFailAndCloseIsIdempotent() {
    NerPredictor p = NerPredictor.builder().huggingFace(dir).build();
    p.close();
    p.close();
    assertThatThrownBy(() -> p.predict("john")).isInstanceOf(InferenceException.class);
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsASingleCaller() throws Exception {
    List<String> texts = List.of("john smith in paris", "mary went to london", "nothing here", "new york new york");
    List<NerResult> expected = texts.stream().map(predictor::predict).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int k = i % texts.size();
        fs.add(pool.submit(() -> predictor.predict(texts.get(k)).entities().equals(expected.get(k).entities())));
      }
      for (Future<Boolean> f : fs) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badExportsAndBuilderStatesAreReported(@TempDir Path other) throws Exception {
    assertThatThrownBy(() -> NerPredictor.builder().build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> NerPredictor.builder().huggingFace(dir).intraOpThreads(0).build())
        .isInstanceOf(ConfigurationException.class);
    HfTinyModel.write(other);
    Files.writeString(other.resolve("config.json"), "{\"id2label\":{\"0\":\"O\",\"1\":\"PER\"}}");
    assertThatThrownBy(() -> NerPredictor.builder().huggingFace(other).build())
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("PER");
    Files.delete(other.resolve("model.onnx"));
    Files.writeString(other.resolve("config.json"), "{\"id2label\":{\"0\":\"O\"}}");
    assertThatThrownBy(() -> NerPredictor.builder().huggingFace(other).build())
        .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.onnx");
  }
}
