package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainIntentCommandTest {

  @Test
  void trainsABundleFromATextLabelCsvAndPrintsASummary(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("data.csv");
    StringBuilder sb = new StringBuilder("text,label\n");
    String[][] rows = {
        {"my card has not arrived", "card"}, {"when will my card come", "card"}, {"card still missing", "card"},
        {"where is my new card", "card"}, {"the card never showed up", "card"}, {"has my card been sent", "card"},
        {"what is the exchange rate", "rate"}, {"euro to dollar rate", "rate"}, {"which rate do you use", "rate"},
        {"currency conversion rate", "rate"}, {"how much is one pound in euros", "rate"}, {"fx rate today", "rate"}};
    for (String[] r : rows) {
      sb.append('"').append(r[0]).append("\",").append(r[1]).append('\n');
    }
    Files.writeString(csv, sb.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new TrainIntentCommand()).execute("--data", csv.toString(), "--out",
          tmp.resolve("bundle").toString(), "--encoder", "bge-small-en-v1.5-q", "--iterations", "100", "--threads", "1");
    } finally {
      System.setOut(old);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Validation  accuracy").contains("Head digest");
    try (IntentPredictor p = IntentPredictor.builder().bundle(tmp.resolve("bundle")).build()) {
      IntentPrediction r = p.predict("my card is not here yet");
      assertThat(r.label()).isEqualTo("card");
      assertThat(p.manifest().trainingData()).containsKey("data.csv");
    }
  }

  @Test
  void badCsvFailsWithFileAndLine(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "text,label\nfine,a\n\"\",b\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new TrainIntentCommand()).execute("--data", csv.toString(), "--out", tmp.resolve("o").toString());
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.csv").contains("empty text");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
