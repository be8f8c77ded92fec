package io.intentops.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.cli.CliRun;
import io.intentops.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line handling of train-ner that needs no model: usage errors and bad data. */
class TrainNerCommandTest {

  @Test
  void missingRequiredOptionsIsAUsageError() {
    CliRun cli = new CliRun();
    int code = cli.run("train-ner", "--out", "x");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--data");
  }

  @Test
  void invalidHyperParametersAndMalformedDataFailWithoutWritingABundle(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("wnut17train.conll"), "Paris\tB-location\nis nice\n");
    CliRun cli = new CliRun();
    int code = cli.run("train-ner", "--data", dir.toString(), "--out", dir.resolve("out").toString(), "--lr", "2");
    assertThat(code).isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("learningRate");
    code = cli.run("train-ner", "--data", dir.toString(), "--out", dir.resolve("out").toString());
    assertThat(code).isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("wnut17train.conll:2").contains("no tab")
        .doesNotContain("\tat "); // one line, no stack trace without --verbose
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
