package io.intentops.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.intentops.capture.CaptureJson;
import io.intentops.capture.CapturePipeline;
import io.intentops.capture.CapturingPredictor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.inference.IntentPredictor;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real single-node KRaft broker ({@link KraftBroker}, a child JVM from Maven artifacts); or
 * against {@code INTENTOPS_KAFKA_BOOTSTRAP} when that is set (for example by {@code .ci/kafka-start.sh}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaIntegrationTest {
  @TempDir
  static Path dir;
  static KraftBroker broker;
  static String bootstrap;
  // Unique names, so runs against a long-lived external broker do not collide.
  static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  static final String TEXTS = "it-texts-" + RUN;
  static final String PREDICTIONS = "it-predictions-" + RUN;
  static final String CAPTURES = "it-captures-" + RUN;

  @BeforeAll
  static void startBroker() throws Exception {
    String external = System.getenv("INTENTOPS_KAFKA_BOOTSTRAP");
    if (external != null && !external.isBlank()) {
      bootstrap = external;
    } else {
      broker = KraftBroker.start(dir.resolve("kafka"), Duration.ofSeconds(60));
      bootstrap = broker.bootstrap();
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(TEXTS, 3, (short) 1), new NewTopic(PREDICTIONS, 3, (short) 1),
          new NewTopic(CAPTURES, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopBroker() throws InterruptedException {
    if (broker != null) {
      broker.close();
    }
  }

  static Properties streams(String app) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + app).toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  @Test
  void exactlyOnceScoringOnARealBrokerGivesTheSameLabelsAsPredictBatch() throws Exception {
    int n = 3000;
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(TestModels.text(i));
    }
    List<IntentPrediction> expected = new TestModels.Hashing(TestModels.PROD, false).predictBatch(texts);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(TEXTS, "req-" + i, texts.get(i)));
      }
    }
    ScoringTopology scoring = ScoringTopology.builder(new TestModels.Hashing(TestModels.PROD, false))
        .inputTopic(TEXTS).outputTopic(PREDICTIONS).batchSize(64).build();
    Map<String, CaptureRecord> got = new HashMap<>();
    Properties eos = streams("it-scoring-" + RUN);
    eos.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2); // the optional exactly-once mode
    try (KafkaStreams app = new KafkaStreams(scoring.topology(), eos);
        KafkaConsumer<String, String> consumer = consumer("it-reader-" + RUN)) {
      app.start();
      consumer.subscribe(List.of(PREDICTIONS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (got.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          got.put(r.key(), (CaptureRecord) CaptureJson.parse(r.value(), r.topic(), r.offset()));
        }
      }
    }
    assertThat(got).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(got.get("req-" + i).label()).isEqualTo(expected.get(i).label());
    }
  }

  @Test
  void capturedTrafficOnATopicIsReplayedWithACandidate() throws Exception {
    ManualClock clock = ManualClock.create();
    int n = 800;
    KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap), new StringSerializer(), new StringSerializer());
    KafkaCaptureSink sink = KafkaCaptureSink.create(producer, CAPTURES);
    try (CapturePipeline pipeline = CapturePipeline.builder().sink(sink).build()) {
      CapturingPredictor served = CapturingPredictor.wrap(new TestModels.Hashing(TestModels.PROD, false), pipeline,
          clock, "salt");
      for (int i = 0; i < n; i++) {
        served.predict(TestModels.text(i), "cap-" + i, "user-" + i);
      }
      pipeline.flush();
      assertThat(sink.sent()).isEqualTo(n);
    }
    ReplayTopology replay = ReplayTopology.builder(new TestModels.Hashing(TestModels.CANDIDATE, true))
        .capturedTopic(CAPTURES).batchSize(50).build();
    try (KafkaStreams app = new KafkaStreams(replay.topology(), streams("it-replay-" + RUN))) {
      app.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (replay.report().replayed() < n && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    ReplayReport r = replay.report();
    assertThat(r.replayed()).isEqualTo(n);
    // Expected from first principles: production answered the raw text, the candidate sees the stored
    // (redacted) text; it relabels the 1 in 4 texts about cards, and texts whose e-mail was redacted hash
    // differently.
    var prod = new TestModels.Hashing(TestModels.PROD, false);
    var cand = new TestModels.Hashing(TestModels.CANDIDATE, true);
    var scanner = io.intentops.governance.pii.PiiScanner.create();
    long agree = 0;
    for (int i = 0; i < n; i++) {
      String raw = TestModels.text(i);
      agree += prod.predict(raw).label().equals(cand.predict(scanner.redact(raw)).label()) ? 1 : 0;
    }
    assertThat(r.agreed()).isEqualTo(agree);
    assertThat(r.agreement()).isLessThan(0.75);
    assertThat(r.candidate().get("card_issue")).isEqualTo(n / 4);
  }

  @Test
  void theRealReferenceBundleThroughTheBrokerGivesExactlyThePredictBatchLabels() throws Exception {
    var root = RealBundleReplay.datasets();
    if (root.isEmpty() && io.intentops.eval.data.DatasetPaths.isCi()) {
      throw new AssertionError("Datasets missing in CI. " + io.intentops.eval.data.DatasetPaths.HOW_TO_GET);
    }
    assumeTrue(root.isPresent(), "BANKING77 / CLINC150 not found; " + io.intentops.eval.data.DatasetPaths.HOW_TO_GET);
    int n = 600;
    List<String> texts = RealBundleReplay.texts(root.get(), n);
    String in = "it-real-texts-" + RUN;
    String out = "it-real-predictions-" + RUN;
    RealBundleReplay.createTopics(bootstrap, 2, in, out);
    RealBundleReplay.produce(bootstrap, in, texts);
    try (IntentPredictor predictor = ReferenceModels.banking77Intent()) {
      List<IntentPrediction> expected = predictor.predictBatch(texts);
      RealBundleReplay.Counting counter = new RealBundleReplay.Counting(predictor);
      ScoringTopology scoring = ScoringTopology.builder(counter).inputTopic(in).outputTopic(out).build(); // default batch
      RealBundleReplay.runUntilScored(scoring, counter, n, bootstrap, dir.resolve("state-real"), "it-real-" + RUN,
          Duration.ofSeconds(90));
      RealBundleReplay.Comparison c = RealBundleReplay.Comparison.of(expected, RealBundleReplay.read(bootstrap, out, n,
          Duration.ofSeconds(30)));
      assertThat(c.missing()).isZero();
      assertThat(c.compared()).isEqualTo(n);
      assertThat(c.examples()).isEmpty();
      assertThat(c.labelDiffs()).isZero();
      assertThat(c.oosDiffs()).isZero();
      assertThat(scoring.failed()).isZero();
    }
  }

  static KafkaConsumer<String, String> consumer(String group) {
    // read_committed: only what the exactly-once transactions committed.
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
        group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed"), new StringDeserializer(), new StringDeserializer());
  }
}
