package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {
  // Planted values: Luhn-valid cards (Visa/Mastercard/Amex test numbers), phones in common layouts, e-mails.
  static final List<String> CARDS = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005",
      "4012888888881881");
  static final List<String> PHONES = List.of("+44 20 7946 0958", "(212) 555-0187", "+1-202-555-0143", "030 1234 5678");
  static final List<String> EMAILS = List.of("jane.doe@example.com", "bob+bank@mail.example.org", "x_y@corp.co.uk");
  static final List<String> TEMPLATES = List.of("my card %s was declined", "call me on %s please",
      "send the statement to %s", "%s", "why was %s charged twice?", "transfer to %s now");

  @Test
  void plantedPiiNeverReachesAnySink(@TempDir Path dir) throws IOException {
    ManualClock clock = ManualClock.create();
    Fixtures.Recording memory = new Fixtures.Recording();
    JsonlFileSink files = JsonlFileSink.builder(dir).clock(clock).fsync(false).build();
    List<String> planted = new ArrayList<>();
    planted.addAll(CARDS);
    planted.addAll(PHONES);
    planted.addAll(EMAILS);
    Random rnd = new Random(2025);
    int n = 600;
    try (CapturePipeline p = CapturePipeline.builder().sink(files).sink(memory).build()) {
      for (int i = 0; i < n; i++) {
        String pii = planted.get(rnd.nextInt(planted.size()));
        String text = String.format(TEMPLATES.get(rnd.nextInt(TEMPLATES.size())), pii);
        p.accept(Fixtures.record("r" + i, clock.instant(), text, "card_declined", 0.8, false));
        if (i % 10 == 0) {
          p.accept(Feedback.correction("r" + i, clock.instant(), Fixtures.V1, "label " + pii));
        }
      }
      p.flush();
      assertThat(p.stats().delivered()).isEqualTo(n + n / 10);
    }
    String stored = Files.readString(CaptureFiles.list(dir).get(0), StandardCharsets.UTF_8);
    List<CaptureEvent> events = new ArrayList<>(CaptureFiles.read(dir).events());
    events.addAll(memory.events);
    assertThat(events).hasSize(2 * (n + n / 10));
    String storedDigits = stored.replaceAll("[^0-9]", " ");
    for (String pii : planted) {
      assertThat(stored).doesNotContain(pii);
      String digits = pii.replaceAll("[^0-9]", "");
      if (!digits.isEmpty()) {
        // No run of the planted number survives in any layout (spaces, dashes, escapes removed).
        assertThat(stored.replaceAll("[^0-9\\n]", "")).doesNotContain(digits);
        assertThat(storedDigits).doesNotContain(digits);
      }
    }
    for (CaptureEvent e : events) {
      String text = e instanceof CaptureRecord r ? r.text() : String.valueOf(((Feedback) e).correctedLabel());
      assertThat(text).contains("[REDACTED:");
      for (String pii : planted) {
        assertThat(text).doesNotContain(pii);
      }
    }
  }

  @Test
  void aRedactorThatThrowsDiscardsTheEventInsteadOfWritingItRaw(@TempDir Path dir) {
    Fixtures.Recording memory = new Fixtures.Recording();
    try (CapturePipeline p = CapturePipeline.builder().sink(memory).redactor(t -> {
      if (t.contains("boom")) {
        throw new IllegalStateException("redactor failure");
      }
      return t;
    }).build()) {
      p.accept(Fixtures.record("a", java.time.Instant.EPOCH, "boom jane@example.com", "x", 0.5, false));
      p.accept(Fixtures.record("b", java.time.Instant.EPOCH, "fine", "x", 0.5, false));
      p.flush();
      assertThat(memory.events).extracting(CaptureEvent::requestId).containsExactly("b");
      assertThat(p.stats().redactionFailures()).isEqualTo(1);
    }
  }
}
