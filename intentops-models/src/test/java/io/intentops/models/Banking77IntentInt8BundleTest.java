package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelManifest;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The INT8 BANKING77 bundle: it names the INT8 encoder jar's model with the digest of that file, shares
 * labels, tokenizer and seed with the FP32 bundle but carries its own head (trained on INT8 embeddings),
 * and loads with every digest verified. Accuracy on BANKING77 test is in {@code eval-int8/eval.json}.
 */
class Banking77IntentInt8BundleTest {
  @Test
  void manifestNamesTheInt8EncoderAndItsDigest() {
    ModelManifest q = ReferenceModels.banking77IntentInt8Manifest();
    ModelManifest fp32 = ReferenceModels.banking77IntentManifest();
    assertThat(q.name()).isEqualTo("banking77-intent-int8");
    assertThat(q.encoder().id()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(q.encoder().source()).isEqualTo("classpath:/bge-small-en-v1.5-q.onnx");
    assertThat(q.encoder().sha256().matches(ModelResource.classpath("bge-small-en-v1.5-q.onnx").sha256())).isTrue();
    assertThat(q.labels()).isEqualTo(fp32.labels());
    assertThat(q.tokenizerSha256()).isEqualTo(fp32.tokenizerSha256());
    assertThat(q.seed()).isEqualTo(2025L);
    assertThat(q.trainingData()).isEqualTo(fp32.trainingData());
    assertThat(q.files().get("head.safetensors")).isNotEqualTo(fp32.files().get("head.safetensors"));
  }

  @Test
  void predictsBankingIntentsAndFlagsAnOffTopicText() {
    try (IntentPredictor p = ReferenceModels.banking77IntentInt8Builder().intraOpThreads(1).build()) {
      List<IntentPrediction> out = p.predictBatch(List.of("I still haven't received my card",
          "How do I change my PIN?", "what is the weather like in paris tomorrow"));
      assertThat(out.get(0).label()).isEqualTo("card_arrival");
      assertThat(out.get(1).label()).isEqualTo("change_pin");
      assertThat(out.get(2).outOfScope()).isTrue();
      assertThat(p.version().toString()).isEqualTo("1.0.0-1");
    }
  }
}
