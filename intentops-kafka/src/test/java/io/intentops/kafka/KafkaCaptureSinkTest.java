package io.intentops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.capture.CaptureJson;
import io.intentops.capture.CapturePipeline;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaCaptureSinkTest {

  @Test
  void sendsRedactedEventsKeyedByRequestIdAndCountsFailures() {
    MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    KafkaCaptureSink sink = KafkaCaptureSink.create(producer, "captures");
    var model = new TestModels.Hashing(TestModels.PROD, false);
    try (CapturePipeline p = CapturePipeline.builder().sink(sink).build()) {
      String text = "my card 4111 1111 1111 1111 was charged twice";
      p.accept(CaptureRecord.of("req-1", Instant.EPOCH, null, text, model.predict(text)));
      p.accept(Feedback.thumbsDown("req-1", Instant.EPOCH, TestModels.PROD));
      p.accept(Feedback.thumbsUp("req-2", Instant.EPOCH, TestModels.PROD));
      p.flush(); // delivers to the sink and flushes the producer: the mock acknowledges all three
      assertThat(producer.history()).hasSize(3);
      assertThat(sink.sent()).isEqualTo(3);
      // A send the broker fails is counted, not thrown.
      sink.accept(Feedback.thumbsUp("req-3", Instant.EPOCH, TestModels.PROD));
      assertThat(producer.errorNext(new RuntimeException("broker down"))).isTrue();
      assertThat(sink.failures()).isEqualTo(1);
      assertThat(sink.sent()).isEqualTo(3);
    }
    var first = producer.history().get(0);
    assertThat(first.topic()).isEqualTo("captures");
    assertThat(first.key()).isEqualTo("req-1");
    assertThat(first.value()).doesNotContain("4111").contains("[REDACTED:CARD_NUMBER]");
    assertThat(CaptureJson.parse(producer.history().get(1).value(), "captures", 1)).isInstanceOf(Feedback.class);
    assertThat(producer.closed()).isTrue();
  }
}
