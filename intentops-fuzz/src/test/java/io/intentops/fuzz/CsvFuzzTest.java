package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the BANKING77 CSV reader ({@link DatasetReaders#banking77}): any bytes give examples or a
 * typed rejection; accepted examples have non-blank texts and stripped non-empty labels, and survive
 * a write/read round trip (every field quoted, quotes doubled).
 */
class CsvFuzzTest {
  private static final Path FILE = TempFiles.scratch("fuzz-csv", "train.csv");

  @FuzzTest(maxDuration = "10s")
  void csv(byte[] data) {
    TextClassificationDataset d = Typed.resultOrRejection(() -> DatasetReaders.banking77(TempFiles.write(FILE, data)));
    if (d == null) {
      return;
    }
    StringBuilder out = new StringBuilder("text,category\n");
    for (LabeledText e : d.examples()) {
      assertThat(e.text()).isNotBlank();
      assertThat(e.label()).isNotEmpty().isEqualTo(e.label().strip());
      out.append(quote(e.text())).append(',').append(quote(e.label())).append('\n');
    }
    TextClassificationDataset again = DatasetReaders.banking77(TempFiles.write(FILE, out.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(again.examples()).isEqualTo(d.examples());
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
