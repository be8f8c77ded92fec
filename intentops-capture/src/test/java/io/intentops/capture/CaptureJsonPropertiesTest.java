package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.StringLength;

class CaptureJsonPropertiesTest {

  @Property(tries = 300, seed = "2025")
  void everyRecordRoundTripsOnOneLine(@ForAll("ids") String id, @ForAll @StringLength(max = 200) String text,
      @ForAll("ids") String label, @ForAll @DoubleRange(min = 0, max = 1) double score, @ForAll boolean oos,
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double oosScore) {
    CaptureRecord r = new CaptureRecord(id, Instant.ofEpochSecond(1_700_000_000L, 123), ModelVersion.parse("3.2.1-9"),
        oos ? null : "abcd", text, label, score, List.of(new ScoredLabel(label, score)), oos, oosScore,
        Duration.ofNanos(12345));
    String line = CaptureJson.toJson(r);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(CaptureJson.parse(line, "p", 1)).isEqualTo(r);
    Feedback f = Feedback.correction(id, r.time(), r.modelVersion(), label);
    assertThat(CaptureJson.parse(CaptureJson.toJson(f), "p", 1)).isEqualTo(f);
  }

  @Property(tries = 500, seed = "2025")
  void arbitraryInputIsEitherAnEventOrATypedError(@ForAll("jsonish") String input) {
    try {
      CaptureEvent e = CaptureJson.parse(input, "fuzz", 7);
      assertThat(e).isNotNull();
    } catch (CaptureFormatException expected) {
      assertThat(expected).hasMessageStartingWith("fuzz:7: ");
    }
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings().alpha().numeric().withChars('-', '_', ' ', 'é', '"').ofMinLength(1).ofMaxLength(40)
        .filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<String> jsonish() {
    String valid = CaptureJson.toJson(Fixtures.record("a", Instant.EPOCH, "t", "x", 0.5, false));
    Arbitrary<String> mutated = Arbitraries.integers().between(0, valid.length() - 1).flatMap(cut ->
        Arbitraries.strings().ofMaxLength(5).map(ins -> valid.substring(0, cut) + ins + valid.substring(cut)));
    Arbitrary<String> truncated = Arbitraries.integers().between(0, valid.length()).map(n -> valid.substring(0, n));
    return Arbitraries.oneOf(mutated, truncated, Arbitraries.strings().ofMaxLength(60),
        Arbitraries.of("{}", "[]", "null", "1", "{\"type\":\"feedback\"}", valid.replace("0.5", "\"x\""),
            valid.replace("1.0.0-1", "01.0.0-1"), valid.replace("\"topK\":[", "\"topK\":[null,")));
  }
}
