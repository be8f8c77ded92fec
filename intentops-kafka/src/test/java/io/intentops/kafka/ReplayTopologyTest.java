package io.intentops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.capture.CaptureJson;
import io.intentops.core.IntentPrediction;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class ReplayTopologyTest {

  static List<CaptureEvent> captured(int n) {
    TestModels.Hashing prod = new TestModels.Hashing(TestModels.PROD, false);
    List<CaptureEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String text = TestModels.text(i);
      IntentPrediction p = prod.predict(text);
      events.add(CaptureRecord.of("req-" + i, Instant.EPOCH, null, text, p));
      if (i % 50 == 0) {
        events.add(Feedback.thumbsUp("req-" + i, Instant.EPOCH, TestModels.PROD));
      }
    }
    return events;
  }

  @Test
  void replayReportsAgreementAndLabelShiftAgainstProduction() {
    List<CaptureEvent> events = captured(400);
    ReplayTopology replay = ReplayTopology.builder(new TestModels.Hashing(TestModels.CANDIDATE, true))
        .capturedTopic("captures").outputTopic("comparisons").batchSize(16).build();
    try (var driver = new org.apache.kafka.streams.TopologyTestDriver(replay.topology(), ScoringTopologyTest.config())) {
      var in = driver.createInputTopic("captures", Serdes.String().serializer(), Serdes.String().serializer());
      for (CaptureEvent e : events) {
        in.pipeInput(e.requestId(), CaptureJson.toJson(e));
      }
      in.pipeInput("junk", "not json");
      driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
      var out = driver.createOutputTopic("comparisons", Serdes.String().deserializer(), Serdes.String().deserializer());
      assertThat(out.readValuesToList()).hasSize(400).allMatch(v -> v.contains("\"candidateVersion\":\"1.1.0-2\""));
    }
    ReplayReport r = replay.report();
    // Every 4th text mentions "card" and the candidate labels it card_issue: agreement is exactly 75 %.
    assertThat(r.replayed()).isEqualTo(400);
    assertThat(r.agreement()).isEqualTo(0.75);
    assertThat(r.oosAgreement()).isEqualTo(1.0);
    assertThat(r.candidate().get("card_issue")).isEqualTo(100);
    assertThat(r.production()).doesNotContainKey("card_issue");
    assertThat(r.labelShiftJs()).isGreaterThan(0.3);
    assertThat(r.changes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
    assertThat(r.skipped()).isEqualTo(8 + 1); // 8 feedback events and one malformed value

    // The same replay from a file export gives the same report.
    ReplayReport fromFile = Replay.run(events, new TestModels.Hashing(TestModels.CANDIDATE, true), 64);
    assertThat(fromFile.agreement()).isEqualTo(r.agreement());
    assertThat(fromFile.candidate()).isEqualTo(r.candidate());
    assertThat(fromFile.labelShiftJs()).isEqualTo(r.labelShiftJs());
  }

  @Test
  void replayWithTheProductionModelAgreesCompletely() {
    ReplayReport r = Replay.run(captured(200), new TestModels.Hashing(TestModels.PROD, false), 32);
    assertThat(r.agreement()).isEqualTo(1.0);
    assertThat(r.labelShiftJs()).isZero();
    assertThat(r.changes()).isEmpty();
  }
}
