package io.intentops.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.capture.CaptureJson;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.capture.CaptureRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

  static Properties config() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    return p;
  }

  @Test
  void scoresEveryTextInBatchesWithTheSameLabelsAsPredictBatch() {
    TestModels.Hashing model = new TestModels.Hashing(TestModels.PROD, false);
    ScoringTopology scoring = ScoringTopology.builder(model).inputTopic("texts").outputTopic("predictions")
        .batchSize(32).build();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      texts.add(TestModels.text(i));
    }
    List<IntentPrediction> expected = new TestModels.Hashing(TestModels.PROD, false).predictBatch(texts);
    try (TopologyTestDriver driver = new TopologyTestDriver(scoring.topology(), config())) {
      TestInputTopic<String, String> in = driver.createInputTopic("texts", Serdes.String().serializer(),
          Serdes.String().serializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("predictions", Serdes.String().deserializer(),
          Serdes.String().deserializer());
      for (int i = 0; i < texts.size(); i++) {
        in.pipeInput("req-" + i, texts.get(i));
      }
      assertThat(out.getQueueSize()).as("31 % 32 still buffered").isEqualTo(992);
      driver.advanceWallClockTime(ScoringTopology.DEFAULT_MAX_BATCH_DELAY.plusMillis(1));
      List<KeyValue<String, String>> got = out.readKeyValuesToList();
      assertThat(got).hasSize(1000);
      for (int i = 0; i < got.size(); i++) {
        CaptureRecord r = (CaptureRecord) CaptureJson.parse(got.get(i).value, "predictions", i);
        assertThat(got.get(i).key).isEqualTo("req-" + i);
        assertThat(r.label()).isEqualTo(expected.get(i).label());
        assertThat(r.score()).isEqualTo(expected.get(i).score());
        assertThat(r.modelVersion()).isEqualTo(TestModels.PROD);
        assertThat(r.text()).doesNotContain("@example.com");
      }
    }
    assertThat(model.batchCalls.get()).isEqualTo(32); // 31 full batches + the punctuated remainder
  }

  @Test
  void rejectedTextsGoToTheDeadLetterTopicAndTheRestOfTheBatchIsScored() {
    ScoringTopology scoring = ScoringTopology.builder(new TestModels.Hashing(TestModels.PROD, false))
        .inputTopic("texts").outputTopic("predictions").deadLetterTopic("texts-rejected").batchSize(4).build();
    try (TopologyTestDriver driver = new TopologyTestDriver(scoring.topology(), config())) {
      TestInputTopic<String, String> in = driver.createInputTopic("texts", Serdes.String().serializer(),
          Serdes.String().serializer());
      in.pipeInput("a", "balance please");
      in.pipeInput("b", "   ");
      in.pipeInput(null, "card lost, call +44 20 7946 0958");
      in.pipeInput("d", "top up");
      var out = driver.createOutputTopic("predictions", Serdes.String().deserializer(), Serdes.String().deserializer());
      var dead = driver.createOutputTopic("texts-rejected", Serdes.String().deserializer(), Serdes.String().deserializer());
      List<KeyValue<String, String>> ok = out.readKeyValuesToList();
      assertThat(ok).extracting(kv -> kv.key).containsExactly("a", "texts-0-2", "d");
      assertThat(ok.get(1).value).contains("[REDACTED:PHONE]").doesNotContain("7946");
      assertThat(dead.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("b");
      assertThat(scoring.failed()).isEqualTo(1);
    }
  }

  @Test
  void bufferedRecordsSurviveARestartOfTheTaskThroughTheStore() {
    // The buffer is a changelogged store: records consumed but not yet scored are restored, not lost.
    ScoringTopology scoring = ScoringTopology.builder(new TestModels.Hashing(TestModels.PROD, false))
        .inputTopic("texts").outputTopic("predictions").batchSize(100).maxBatchDelay(Duration.ofHours(1)).build();
    try (TopologyTestDriver driver = new TopologyTestDriver(scoring.topology(), config())) {
      var in = driver.createInputTopic("texts", Serdes.String().serializer(), Serdes.String().serializer());
      for (int i = 0; i < 10; i++) {
        in.pipeInput("r" + i, TestModels.text(i));
      }
      var store = driver.<String, String>getKeyValueStore(ScoringTopology.STORE);
      assertThat(store.approximateNumEntries()).isEqualTo(10);
      assertThat(driver.createOutputTopic("predictions", Serdes.String().deserializer(), Serdes.String().deserializer())
          .isEmpty()).isTrue();
    }
  }

  @Test
  void builderRejectsBadTopicsAndSizes() {
    var m = new TestModels.Hashing(TestModels.PROD, false);
    assertThatThrownBy(() -> ScoringTopology.builder(m).inputTopic("bad topic")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> ScoringTopology.builder(m).batchSize(0)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> ScoringTopology.builder(m).inputTopic("x").outputTopic("x").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("must differ");
  }
}
