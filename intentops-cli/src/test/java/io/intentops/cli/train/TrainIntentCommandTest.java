package io.intentops.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.cli.CliRun;
import io.intentops.cli.ExitCodes;
import io.intentops.core.IntentPrediction;
import io.intentops.inference.IntentPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    CliRun cli = new CliRun();
    int code = cli.run("train-intent", "--data", csv.toString(), "--out",
        tmp.resolve("bundle").toString(), "--encoder", "bge-small-en-v1.5-q", "--iterations", "100", "--threads", "1");
    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("Validation  accuracy").contains("Head digest");
    // Not a terminal: progress comes as whole lines, never as \r frames.
    assertThat(cli.err()).contains("embed").doesNotContain("\r");
    try (IntentPredictor p = IntentPredictor.builder().bundle(tmp.resolve("bundle")).build()) {
      IntentPrediction r = p.predict("my card is not here yet");
      assertThat(r.label()).isEqualTo("card");
      assertThat(p.manifest().trainingData()).containsKey("data.csv");
      assertThat(p.manifest().properties()).containsEntry("pii.mode", "fail").containsEntry("pii.findings", "0");
    }
  }

  @Test
  void piiInTheTrainingDataFailsBeforeTraining(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("pii.csv");
    Files.writeString(csv, "text,label\nmy card is late,card\nemail me at jane.doe@example.com,contact\n");
    CliRun cli = new CliRun();
    int code = cli.run("train-intent", "--data", csv.toString(), "--out", tmp.resolve("o").toString());
    assertThat(code).isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("PII scan of").contains("EMAIL=1").contains("--pii scrub");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void badCsvFailsWithFileAndLine(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "text,label\nfine,a\n\"\",b\n");
    CliRun cli = new CliRun();
    int code = cli.run("train-intent", "--data", csv.toString(), "--out", tmp.resolve("o").toString());
    assertThat(code).isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("bad.csv").contains("empty text");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
