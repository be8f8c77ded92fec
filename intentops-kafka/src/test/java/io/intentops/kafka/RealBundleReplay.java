package io.intentops.kafka;

import io.intentops.capture.CaptureJson;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

/**
 * What the real-bundle Kafka test and {@link KafkaReplayBenchmark} share: the texts (BANKING77 and
 * CLINC150 from the datasets folder), producing them to a topic, scoring them through
 * {@link ScoringTopology} on a broker, and reading the predictions back.
 */
final class RealBundleReplay {
  /** Words appended on the second and later passes over the datasets, so repeated texts differ. */
  private static final String[] SUFFIXES = {"please", "thanks", "asap", "today", "now", "again", "thank you", "quickly",
      "urgently", "for me"};

  private RealBundleReplay() {}

  /** The dataset files this needs, when present (see {@link DatasetPaths}). */
  static Optional<Path> datasets() {
    Path root = DatasetPaths.root();
    return Files.isReadable(root.resolve("banking77/train.csv")) && Files.isReadable(root.resolve("banking77/test.csv"))
        && Files.isReadable(root.resolve("clinc150/data_full.json")) ? Optional.of(root) : Optional.empty();
  }

  /**
   * {@code n} texts: every BANKING77 text (train, test) and every CLINC150 text (all six splits, OOS
   * included), shuffled with seed 2025; beyond that pool the shuffled pool is cycled and
   * each repeat gets one of {@link #SUFFIXES} appended, drawn with the same seeded generator.
   */
  static List<String> texts(Path root, int n) {
    return texts(pool(root), n);
  }

  /** The shuffled pool of dataset texts, before cycling. */
  static List<String> pool(Path root) {
    List<String> pool = new ArrayList<>();
    pool.addAll(DatasetReaders.banking77(root.resolve("banking77/train.csv")).texts());
    pool.addAll(DatasetReaders.banking77(root.resolve("banking77/test.csv")).texts());
    for (String split : List.of("train", "val", "test", "oos_train", "oos_val", "oos_test")) {
      pool.addAll(DatasetReaders.clinc150(root.resolve("clinc150/data_full.json"), split).texts());
    }
    Collections.shuffle(pool, new Random(2025));
    return pool;
  }

  static List<String> texts(List<String> pool, int n) {
    Random rnd = new Random(2025);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String t = pool.get(i % pool.size());
      out.add(i < pool.size() ? t : t + " " + SUFFIXES[rnd.nextInt(SUFFIXES.length)]);
    }
    return out;
  }

  static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> ts = new ArrayList<>();
      for (String t : topics) {
        ts.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(ts).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Sends text {@code i} with key {@code r-i}; returns once all are acknowledged. */
  static void produce(String bootstrap, String topic, List<String> texts) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < texts.size(); i++) {
        producer.send(new ProducerRecord<>(topic, key(i), texts.get(i)));
      }
      producer.flush();
    }
  }

  static String key(int i) {
    return "r-" + i;
  }

  /** Counts the texts a predictor has scored, so a run knows when the topology is done. */
  static final class Counting implements Predictor<String, IntentPrediction> {
    final Predictor<String, IntentPrediction> delegate;
    final LongAdder scored = new LongAdder();
    final LongAdder batches = new LongAdder();

    Counting(Predictor<String, IntentPrediction> delegate) {
      this.delegate = delegate;
    }

    @Override
    public IntentPrediction predict(String input) {
      IntentPrediction p = delegate.predict(input);
      scored.increment();
      return p;
    }

    @Override
    public List<IntentPrediction> predictBatch(List<? extends String> inputs) {
      List<IntentPrediction> out = delegate.predictBatch(inputs);
      scored.add(out.size());
      batches.increment();
      return out;
    }

    @Override
    public ModelVersion version() {
      return delegate.version();
    }
  }

  /**
   * Runs {@code scoring} in a {@link KafkaStreams} app until {@code counter} has scored {@code n} texts,
   * then closes the app (which flushes the output and commits); at-least-once, default commit interval.
   */
  static void runUntilScored(ScoringTopology scoring, Counting counter, long n, String bootstrap, Path stateDir,
      String app, Duration timeout) throws IOException, InterruptedException {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    try (KafkaStreams streams = new KafkaStreams(scoring.topology(), p)) {
      streams.start();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (counter.scored.sum() + scoring.failed() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Scored " + counter.scored.sum() + " of " + n + " within " + timeout);
        }
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("Kafka Streams stopped: " + streams.state());
        }
        Thread.sleep(20);
      }
    }
  }

  /** Reads {@code n} predictions (keyed by request id) from {@code topic}. */
  static Map<String, CaptureRecord> read(String bootstrap, String topic, int n, Duration timeout) {
    Map<String, CaptureRecord> got = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (got.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          got.put(r.key(), (CaptureRecord) CaptureJson.parse(r.value(), r.topic(), r.offset()));
        }
      }
    }
    return got;
  }

  /** Item-by-item comparison of the Kafka output with {@code predictBatch}'s answers. */
  record Comparison(int compared, int missing, int labelDiffs, int oosDiffs, double maxScoreDiff, List<String> examples) {
    static Comparison of(List<IntentPrediction> expected, Map<String, CaptureRecord> got) {
      int missing = 0;
      int labels = 0;
      int oos = 0;
      double maxDiff = 0;
      List<String> examples = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        CaptureRecord r = got.get(key(i));
        if (r == null) {
          missing++;
          continue;
        }
        IntentPrediction e = expected.get(i);
        boolean diff = false;
        if (!r.label().equals(e.label())) {
          labels++;
          diff = true;
        }
        if (r.outOfScope() != e.outOfScope()) {
          oos++;
          diff = true;
        }
        maxDiff = Math.max(maxDiff, Math.abs(r.score() - e.score()));
        if (diff && examples.size() < 10) {
          examples.add(key(i) + ": kafka " + r.label() + "/" + r.outOfScope() + " predictBatch " + e.label() + "/"
              + e.outOfScope());
        }
      }
      return new Comparison(expected.size() - missing, missing, labels, oos, maxDiff, examples);
    }
  }
}
