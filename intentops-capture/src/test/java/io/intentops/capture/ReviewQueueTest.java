package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.capture.Feedback;
import io.intentops.eval.data.LabeledText;
import io.intentops.train.intent.LabeledCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewQueueTest {

  @Test
  void correctionsOosAndLowConfidenceSamplesBecomeACsvThatTrainIntentReads(@TempDir Path dir) throws Exception {
    ManualClock clock = ManualClock.create();
    Path captures = dir.resolve("captures");
    try (CapturePipeline p = CapturePipeline.builder().sink(JsonlFileSink.builder(captures).clock(clock).build()).build()) {
      p.accept(Fixtures.record("a", clock.instant(), "my card, \"the blue one\", never arrived", "card_linking", 0.9, false));
      p.accept(Fixtures.record("b", clock.instant(), "what is the meaning of life", "balance", 0.7, true));
      p.accept(Fixtures.record("c", clock.instant(), "hmm top up maybe", "top_up", 0.3, false));
      p.accept(Fixtures.record("d", clock.instant(), "balance please", "balance", 0.95, false));
      p.accept(Fixtures.record("e", clock.instant(), "email me at jane@example.com about my transfer", "transfer", 0.4, false));
      p.accept(Fixtures.record("f", clock.instant(), "cancel it", "cancel", 0.8, false));
      p.accept(Feedback.correction("a", clock.instant(), Fixtures.V1, "card_arrival"));
      p.accept(Feedback.thumbsUp("c", clock.instant(), Fixtures.V1));
      p.accept(Feedback.correction("e", clock.instant(), Fixtures.V1, "transfer_status"));
      p.accept(Feedback.thumbsDown("f", clock.instant(), Fixtures.V1));
    }
    List<ReviewQueue.Item> items = ReviewQueue.create().select(CaptureFiles.read(captures).events());
    assertThat(items).extracting(ReviewQueue.Item::requestId, ReviewQueue.Item::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a", ReviewQueue.Reason.CORRECTED),
        org.assertj.core.groups.Tuple.tuple("b", ReviewQueue.Reason.OUT_OF_SCOPE),
        org.assertj.core.groups.Tuple.tuple("e", ReviewQueue.Reason.CORRECTED),
        org.assertj.core.groups.Tuple.tuple("f", ReviewQueue.Reason.THUMBS_DOWN));

    Path all = dir.resolve("review.csv");
    Path train = dir.resolve("corrections.csv");
    assertThat(ReviewQueue.writeCsv(all, items, false)).isEqualTo(4);
    assertThat(ReviewQueue.writeCsv(train, items, true)).isEqualTo(2);
    assertThat(Files.readAllLines(all).get(0)).isEqualTo("text,label,reason,request_id,model_version,predicted,score");

    // The trainer's own reader accepts both files.
    List<LabeledText> labelled = LabeledCsv.read(train).examples();
    assertThat(labelled).containsExactly(new LabeledText("my card, \"the blue one\", never arrived", "card_arrival"),
        new LabeledText("email me at [REDACTED:EMAIL] about my transfer", "transfer_status"));
    assertThat(LabeledCsv.read(all).examples()).extracting(LabeledText::label)
        .containsExactly("card_arrival", "balance", "transfer_status", "cancel");
    assertThat(Files.readString(all)).doesNotContain("jane@example.com");
  }
}
