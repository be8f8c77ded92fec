package io.intentops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesPrintStartEveryTenPercentAndDoneWithoutCarriageReturns() {
    ManualClock clock = ManualClock.create();
    ProgressDisplay p = ProgressDisplay.lines(stream, clock);
    p.start("embed train", 1000);
    for (int i = 1; i <= 1000; i++) {
      clock.advance(Duration.ofMillis(1));
      p.stepTo(i);
    }
    p.finish();
    p.finish(); // idempotent
    String[] lines = text().split("\n");
    assertThat(text()).doesNotContain("\r");
    assertThat(lines).hasSize(11); // started, 10 % .. 90 %, done
    assertThat(lines[0]).isEqualTo("embed train: started, 1000 to do");
    assertThat(lines[1]).isEqualTo("embed train: 100/1000 (10%), 0.1 s"); // no rate under 1 s
    assertThat(lines[10]).isEqualTo("embed train: 1000/1000 (100%) done, 1.0 s, 1000.0/s");
  }

  @Test
  void linesAlsoAppearAfterTenSecondsWithoutAStepAndCarryTheExtraText() {
    ManualClock clock = ManualClock.create();
    ProgressDisplay p = ProgressDisplay.lines(stream, clock);
    p.start("train-ner", 10_000);
    p.extra("epoch 1 loss 0.5000");
    clock.advance(Duration.ofSeconds(9));
    p.stepTo(5);
    assertThat(text().split("\n")).hasSize(1); // 9 s: too early
    clock.advance(Duration.ofSeconds(2));
    p.stepTo(6);
    clock.advance(Duration.ofSeconds(11));
    p.stepTo(6); // no progress since the last line: nothing new
    clock.advance(Duration.ofSeconds(11));
    p.stepTo(10_000); // 100 % comes once, from finish()
    p.close();
    String[] lines = text().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).isEqualTo("train-ner: 6/10000 (0%), 11.0 s, 0.5/s, epoch 1 loss 0.5000");
    assertThat(lines[2]).startsWith("train-ner: 10000/10000 (100%) done, 33.0 s, 303.0/s");
  }

  @Property(tries = 50, seed = "2025")
  void linesPrintAtMostTwelveLinesPerTaskOnAFastTask(@ForAll @IntRange(min = 1, max = 5000) int total) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ManualClock clock = ManualClock.create();
    ProgressDisplay p = ProgressDisplay.lines(new PrintStream(b, true, StandardCharsets.UTF_8), clock);
    p.start("t", total);
    for (int i = 1; i <= total; i++) {
      clock.advance(Duration.ofNanos(1000));
      p.stepTo(i);
    }
    p.finish();
    String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines.length).isBetween(2, 11);
    assertThat(lines[lines.length - 1]).startsWith("t: " + total + "/" + total + " (100%) done");
  }

  @Test
  void barRedrawsWithCarriageReturns() {
    ProgressDisplay p = ProgressDisplay.bar(stream);
    p.start("embed train", 40);
    p.extra("phase 1");
    p.stepTo(20);
    p.finish();
    assertThat(text()).contains("\r").contains("embed train").contains("20/40").contains(" phase 1");
  }

  @Test
  void autoModeDrawsABarOnATerminalAndLinesOtherwise() {
    CliContext tty = new CliRun().terminal(true).context();
    CliContext log = new CliRun().terminal(false).context();
    assertThat(tty.progressMode()).isEqualTo(CliContext.ProgressMode.BAR);
    assertThat(log.progressMode()).isEqualTo(CliContext.ProgressMode.LINES);
    assertThat(log.progress(true)).isSameAs(ProgressDisplay.NONE);
    log.progressMode(CliContext.ProgressMode.NONE);
    assertThat(log.progress(false)).isSameAs(ProgressDisplay.NONE);
    assertThat(CliContext.of(stream, stream, Map.of(), ManualClock.create(),
        io.intentops.cli.eval.BundlePredictors.unavailable(), true).progress(false)).isInstanceOf(BarProgress.class);
  }
}
