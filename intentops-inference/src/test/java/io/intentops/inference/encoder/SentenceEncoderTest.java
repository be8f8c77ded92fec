package io.intentops.inference.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import io.intentops.core.Checksum;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {
  private static SentenceEncoder bge;

  @BeforeAll
  static void load() {
    bge = SentenceEncoder.builder()
        .model(ModelResource.classpath(TestModels.BGE))
        .tokenizer(ModelResource.classpath(TestModels.BGE_TOKENIZER))
        .sessionSettings(OrtSessions.Settings.defaults().withIntraOpThreads(1))
        .build();
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  @Test
  void describesTheGraph() {
    assertThat(bge.hiddenSize()).isEqualTo(384);
    assertThat(bge.dimension()).isEqualTo(384);
    assertThat(bge.usesTokenTypeIds()).isEqualTo(bge.session().getInputNames().contains("token_type_ids"));
    assertThat(bge.modelSha256()).isEqualTo(ModelResource.classpath(TestModels.BGE).sha256());
  }

  @Test
  void meanPoolingAveragesTheMaskedTokenVectors() {
    TokenBatch batch = bge.tokenizer().encodeBatch(List.of("card", "my card has not arrived yet"));
    float[][] pooled = bge.embed(batch);
    float[][] manual = bge.run(batch, (r, b) -> {
      FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
      int t = b.seqLen();
      float[][] out = new float[2][384];
      for (int i = 0; i < 2; i++) {
        int n = b.items().get(i).length();
        for (int j = 0; j < n; j++) {
          for (int h = 0; h < 384; h++) {
            out[i][h] += fb.get((i * t + j) * 384 + h) / n;
          }
        }
      }
      return out;
    });
    for (int h = 0; h < 384; h++) {
      assertThat(pooled[0][h]).isCloseTo(manual[0][h], within(1e-4f));
      assertThat(pooled[1][h]).isCloseTo(manual[1][h], within(1e-4f));
    }
  }

  /**
   * The reused per-thread buffers (inputs and the pinned output) give the same vectors as the copying
   * run path, whatever ran on the thread before: a short text after a long batch reads none of the
   * long batch's values, and a batch too big to be kept (over 1 MB of output) still comes out right.
   */
  @Test
  void reusedBuffersGiveTheSameVectorsAsTheCopyingPath() {
    List<String> small = List.of("card");
    List<String> big = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      big.add("my card has not arrived yet and I have been waiting for " + i + " days, what should I do now");
    }
    float[] first = bge.embed(small)[0];
    float[][] bigVectors = bge.embed(big); // 40 x ~25 tokens x 384 floats: more than the kept buffer
    float[] again = bge.embed(small)[0];
    assertThat(again).containsExactly(first);
    TokenBatch bigBatch = bge.tokenizer().encodeBatch(big);
    float[][] copied = bge.run(bigBatch, (r, b) -> SentenceEncoder.pool(((OnnxTensor) r.get(0)).getFloatBuffer(), b,
        384, Pooling.MEAN));
    for (int i = 0; i < big.size(); i++) {
      assertThat(bigVectors[i]).containsExactly(copied[i]);
    }
    float[] copiedSmall = bge.run(bge.tokenizer().encodeBatch(small), (r, b) -> SentenceEncoder.pool(
        ((OnnxTensor) r.get(0)).getFloatBuffer(), b, 384, Pooling.MEAN))[0];
    assertThat(first).containsExactly(copiedSmall);
  }

  @Test
  void paddingDoesNotChangeAnEmbedding() {
    float[] alone = bge.embed(List.of("card"))[0];
    float[] padded = bge.embed(List.of("card", "a much longer sentence about a card that never arrived"))[0];
    for (int h = 0; h < alone.length; h++) {
      assertThat(padded[h]).isCloseTo(alone[h], within(2e-3f));
    }
  }

  @Test
  void similarTextsAreCloserThanUnrelatedOnes() {
    float[][] e = bge.embed(List.of("I still haven't received my card", "my card has not arrived", "what is the weather in Paris"));
    assertThat(cos(e[0], e[1])).isGreaterThan(cos(e[0], e[2]) + 0.1);
  }

  @Test
  void clsAndMeanClsPooling() {
    try (SentenceEncoder cls = SentenceEncoder.builder().model(ModelResource.classpath(TestModels.MINILM))
        .tokenizer(ModelResource.classpath(TestModels.MINILM_TOKENIZER)).pooling(Pooling.MEAN_CLS).build()) {
      assertThat(cls.dimension()).isEqualTo(2 * cls.hiddenSize());
      float[] v = cls.embed(List.of("card"))[0];
      assertThat(v).hasSize(768);
    }
  }

  @Test
  void wrongModelDigestLoadsNothing() {
    Checksum wrong = Checksum.sha256("not the model");
    assertThatThrownBy(() -> SentenceEncoder.builder().model(ModelResource.classpath(TestModels.BGE_Q))
        .tokenizer(ModelResource.classpath(TestModels.BGE_TOKENIZER)).expectModelSha256(wrong).build())
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(TestModels.BGE_Q)
        .hasMessageContaining(wrong.hex());
  }

  @Test
  void missingModelIsAModelLoadException() {
    assertThatThrownBy(() -> SentenceEncoder.builder().model(ModelResource.classpath("no/such/model.onnx"))
        .tokenizer(ModelResource.classpath(TestModels.BGE_TOKENIZER)).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no/such/model.onnx");
  }

  static double cos(float[] a, float[] b) {
    double d = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return d / Math.sqrt(na * nb);
  }
}
