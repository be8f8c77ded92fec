package io.intentops.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiStepTest {
  static final List<LabeledText> TEXTS = List.of(new LabeledText("my card has not arrived", "card"),
      new LabeledText("call me on +44 20 7946 0958 about it", "contact"),
      new LabeledText("mail jane.doe@example.com please", "contact"));

  @Test
  void intentFailScrubOff() {
    assertThatThrownBy(() -> PiiStep.intent(TEXTS, PiiStep.Mode.FAIL, "data.csv"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("PII scan of data.csv: 2 finding(s)")
        .hasMessageContaining("EMAIL=1").hasMessageContaining("PHONE=1").hasMessageContaining("example(s) 2, 3")
        .hasMessageContaining("--pii scrub");
    PiiStep.Outcome<LabeledText> s = PiiStep.intent(TEXTS, PiiStep.Mode.SCRUB, "data.csv");
    assertThat(s.data()).extracting(LabeledText::text).containsExactly("my card has not arrived",
        "call me on [REDACTED:PHONE] about it", "mail [REDACTED:EMAIL] please");
    assertThat(s.data()).extracting(LabeledText::label).containsExactly("card", "contact", "contact");
    assertThat(s.properties()).containsEntry("pii.mode", "scrub").containsEntry("pii.findings", "2")
        .containsEntry("pii.scrubbed", "2").containsEntry("pii.types", "[EMAIL=1,PHONE=1]");
    PiiStep.Outcome<LabeledText> clean = PiiStep.intent(TEXTS.subList(0, 1), PiiStep.Mode.FAIL, "data.csv");
    assertThat(clean.properties()).containsEntry("pii.findings", "0").containsEntry("pii.types", "none");
    assertThat(PiiStep.intent(TEXTS, PiiStep.Mode.OFF, "x").data()).isEqualTo(TEXTS);
    assertThat(PiiStep.intent(TEXTS, PiiStep.Mode.OFF, "x").properties()).containsOnlyKeys("pii.mode");
    assertThatThrownBy(() -> PiiStep.Mode.parse("maybe")).hasMessageContaining("fail, scrub or off");
  }

  @Test
  void nerScrubKeepsTokensAndTagsAligned() {
    List<TaggedSentence> data = List.of(
        new TaggedSentence(List.of("call", "555-123-4567", "now"), List.of("O", "O", "O")),
        new TaggedSentence(List.of("Paris", "is", "nice"), List.of("B-location", "O", "O")));
    assertThatThrownBy(() -> PiiStep.ner(data, PiiStep.Mode.FAIL, "train.conll"))
        .hasMessageContaining("PHONE=1").hasMessageContaining("sentence(s) 1");
    PiiStep.Outcome<TaggedSentence> s = PiiStep.ner(data, PiiStep.Mode.SCRUB, "train.conll");
    assertThat(s.data().get(0).tokens()).containsExactly("call", "[REDACTED:PHONE]", "now");
    assertThat(s.data().get(0).tags()).containsExactly("O", "O", "O");
    assertThat(s.data().get(1)).isEqualTo(data.get(1));
    assertThat(s.properties()).containsEntry("pii.findings", "1").containsEntry("pii.scrubbed", "1");
  }
}
