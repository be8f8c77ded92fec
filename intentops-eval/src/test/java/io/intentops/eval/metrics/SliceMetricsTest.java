package io.intentops.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.InvalidInputException;
import io.intentops.core.report.SliceReport;
import io.intentops.core.report.SliceScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SliceMetricsTest {
  private static final Bootstrap FAST = new Bootstrap(50, Bootstrap.DEFAULT_SEED, 0.95);

  @Test
  void wordCountsAndSliceMembershipFollowTheDocumentedBoundaries() {
    assertThat(SliceMetrics.words("  lost   my card ")).isEqualTo(3);
    assertThat(SliceMetrics.words("")).isZero();
    List<String> texts = List.of("one two three four five six", "one two three four five six seven",
        "a b c d e f g h i j k l", "a b c d e f g h i j k l m?", "Card 1234 lost");
    List<String> gold = List.of("x", "x", "x", "x", "x");
    SliceReport r = SliceMetrics.intentSlices(texts, gold, gold, new double[] {1, 1, 1, 1, 1}, FAST, 1, 0.05, 15);
    Map<String, SliceScores> by = byName(r);
    assertThat(by.get("length.short").examples()).isEqualTo(2); // 6 words and "Card 1234 lost"
    assertThat(by.get("length.medium").examples()).isEqualTo(2); // 7 and 12 words
    assertThat(by.get("length.long").examples()).isEqualTo(1); // 13 words
    assertThat(by.get("form.question").examples()).isEqualTo(1);
    assertThat(by.get("casing.mixed").examples()).isEqualTo(1);
    assertThat(by.get("digits.with").examples()).isEqualTo(1);
    // Each family partitions the texts.
    Map<String, Integer> perFamily = r.slices().stream()
        .collect(Collectors.groupingBy(SliceScores::family, Collectors.summingInt(SliceScores::examples)));
    assertThat(perFamily).containsOnlyKeys("length", "form", "casing", "digits").allSatisfy((f, n) -> assertThat(n).isEqualTo(5));
  }

  @Test
  void disparityIsTheLargestWithinFamilyGapAndFlagsNeedSizeAndMargin() {
    // 10 short texts (all right), 10 long texts (4 right), 2 medium texts (both wrong, too few to count).
    List<String> texts = new ArrayList<>();
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      texts.add("short text " + "abcdefghij".charAt(i));
      gold.add("a");
      pred.add("a");
    }
    for (int i = 0; i < 10; i++) {
      texts.add("this is a much longer text with more than twelve words in it " + "abcdefghij".charAt(i));
      gold.add("b");
      pred.add(i < 4 ? "b" : "c");
    }
    for (int i = 0; i < 2; i++) {
      texts.add("a medium text of exactly eight words here " + i);
      gold.add("a");
      pred.add("z");
    }
    double[] conf = new double[texts.size()];
    Arrays.fill(conf, 0.9);
    SliceReport r = SliceMetrics.intentSlices(texts, gold, pred, conf, FAST, 5, 0.05, 15);
    double overall = 14.0 / 22;
    assertThat(r.overallAccuracy()).isCloseTo(overall, within(1e-12));
    Map<String, SliceScores> by = byName(r);
    assertThat(by.get("length.medium").eligible()).isFalse();
    assertThat(by.get("length.medium").accuracy().estimate()).isZero();
    assertThat(by.get("length.long").accuracy().estimate()).isCloseTo(0.4, within(1e-12));
    assertThat(r.disparity()).isCloseTo(1.0 - 0.4, within(1e-12));
    assertThat(r.disparityFamily()).isEqualTo("length");
    assertThat(r.flags()).containsExactly("length.long");
    // ECE of the long slice: one bin, accuracy 0.4 vs confidence 0.9.
    assertThat(by.get("length.long").ece()).isCloseTo(0.5, within(1e-12));
    // A wider margin removes the flag; the disparity does not depend on it.
    SliceReport lenient = SliceMetrics.intentSlices(texts, gold, pred, conf, FAST, 5, 0.30, 15);
    assertThat(lenient.flags()).isEmpty();
    assertThat(lenient.disparity()).isEqualTo(r.disparity());
  }

  @Test
  void badInputIsATypedError() {
    assertThatThrownBy(() -> SliceMetrics.intentSlices(List.of("a"), List.of("x", "y"), List.of("x", "y"),
        new double[2], FAST)).isInstanceOf(InvalidInputException.class).hasMessageContaining("slice metrics");
    assertThatThrownBy(() -> SliceMetrics.intentSlices(List.of("a"), List.of("x"), List.of("x"), new double[1], FAST, 0,
        0.05, 15)).isInstanceOf(InvalidInputException.class).hasMessageContaining("minExamples");
  }

  @Property(tries = 50, seed = "2025")
  void disparityIsInUnitRangeAndFlagsAreEligibleSlicesBelowTheMargin(@ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 1000) int salt) {
    java.util.Random rnd = new java.util.Random(salt);
    List<String> texts = new ArrayList<>();
    List<String> gold = new ArrayList<>();
    List<String> pred = new ArrayList<>();
    double[] conf = new double[n];
    for (int i = 0; i < n; i++) {
      int words = 1 + rnd.nextInt(20);
      StringBuilder t = new StringBuilder(rnd.nextBoolean() ? "Why" : "why");
      for (int w = 1; w < words; w++) {
        t.append(rnd.nextInt(5) == 0 ? " 42" : " word");
      }
      texts.add(rnd.nextBoolean() ? t + "?" : t.toString());
      gold.add("l" + rnd.nextInt(3));
      pred.add("l" + rnd.nextInt(3));
      conf[i] = rnd.nextDouble();
    }
    SliceReport r = SliceMetrics.intentSlices(texts, gold, pred, conf, FAST, 3, 0.05, 10);
    assertThat(r.disparity()).isBetween(0.0, 1.0);
    Map<String, SliceScores> by = byName(r);
    for (String f : r.flags()) {
      assertThat(by.get(f).eligible()).isTrue();
      assertThat(by.get(f).accuracy().estimate()).isLessThan(r.overallAccuracy() - 0.05);
    }
    for (SliceScores s : r.slices()) {
      if (s.eligible() && s.accuracy().estimate() < r.overallAccuracy() - 0.05) {
        assertThat(r.flags()).contains(s.name());
      }
    }
  }

  private static Map<String, SliceScores> byName(SliceReport r) {
    return r.slices().stream().collect(Collectors.toMap(SliceScores::name, Function.identity()));
  }
}
