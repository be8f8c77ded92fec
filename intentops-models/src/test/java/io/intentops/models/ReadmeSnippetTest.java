package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Using it" snippet is this test's code, and it runs. */
class ReadmeSnippetTest {

  @Test
  void readmeSnippetIsTheCodeBelow() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("## Using it.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README.md has a java block under '## Using it'").isTrue();
    String self = Files.readString(Path.of("src/test/java/io/intentops/models/ReadmeSnippetTest.java"));
    List<String> lines = normalise(self);
    List<String> code = lines.subList(lines.indexOf("// README:begin") + 1, lines.indexOf("// README:end"));
    assertThat(normalise(m.group(1))).isEqualTo(code);
  }

  @Test
  void readmeSnippetRuns() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      snippet();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("card_arrival 1.00");
    assertThat(out).doesNotContain("out of scope");
    assertThat(out.strip()).endsWith("true"); // "what's the weather?" is out of scope for a bank
  }

  private static void snippet() {
    // README:begin
    // io.intentops:intentops-inference + io.intentops:intentops-models (the reference BANKING77 bundle; runs offline)
    try (IntentPredictor predictor = ReferenceModels.banking77IntentBuilder() // or IntentPredictor.builder().bundle(Path.of("my-bundle"))
            .cache(10_000)                                  // optional: Caffeine cache keyed by (version, normalised text)
            .microBatching(16, Duration.ofMillis(2))        // optional: merge concurrent requests into one ONNX run
            .build()) {
        IntentPrediction p = predictor.predict("I still haven't received my card");
        System.out.printf("%s %.2f%n", p.label(), p.score());     // card_arrival 1.00
        if (p.outOfScope()) {
            System.out.println("out of scope: hand over to a human");
        }
        p.topK().forEach(alt -> System.out.println("  " + alt.label() + " " + alt.score()));
        List<IntentPrediction> batch = predictor.predictBatch(List.of("top up failed", "what's the weather?"));
        System.out.println(batch.get(1).outOfScope());             // true
    }
    // README:end
  }

  private static List<String> normalise(String s) {
    return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
