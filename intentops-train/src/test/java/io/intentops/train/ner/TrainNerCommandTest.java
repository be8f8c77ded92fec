package io.intentops.train.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Command-line handling of train-ner that needs no model: usage errors and bad data. */
class TrainNerCommandTest {

  @Test
  void missingRequiredOptionsIsAUsageError() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new TrainNerCommand()).setErr(new PrintWriter(err)).execute("--out", "x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--data");
  }

  @Test
  void invalidHyperParametersAndMalformedDataFailWithoutWritingABundle(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("wnut17train.conll"), "Paris\tB-location\nis nice\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TrainNerCommand()).setErr(new PrintWriter(err));
    int code = cli.execute("--data", dir.toString(), "--out", dir.resolve("out").toString(), "--lr", "2");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("learningRate");
    code = new CommandLine(new TrainNerCommand()).setErr(new PrintWriter(err))
        .execute("--data", dir.toString(), "--out", dir.resolve("out").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("wnut17train.conll:2").contains("no tab");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
