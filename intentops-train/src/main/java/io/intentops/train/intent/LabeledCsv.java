package io.intentops.train.intent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.intentops.core.Checksum;
import io.intentops.eval.data.DatasetFormatException;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads labelled training texts from CSV: the BANKING77 layout ({@code text,category}, via
 * {@link DatasetReaders#banking77}) or any CSV with a header naming {@code text} and {@code label}
 * columns. Errors name the file and line. Stateless and thread-safe.
 */
public final class LabeledCsv {
  private LabeledCsv() {}

  /** Examples with the file's SHA-256. */
  public record Data(List<LabeledText> examples, Checksum fileSha256) {}

  /** Reads {@code csv}. */
  public static Data read(Path csv) {
    String first;
    try (var r = Files.newBufferedReader(csv)) {
      first = r.readLine();
    } catch (IOException e) {
      throw new DatasetFormatException(csv.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
    if (first == null) {
      throw new DatasetFormatException(csv.toString(), 0, "empty file: no header");
    }
    String header = first.toLowerCase(Locale.ROOT).replace("\"", "").strip();
    if (header.contains("category")) {
      TextClassificationDataset d = DatasetReaders.banking77(csv);
      return new Data(d.examples(), d.manifest().fileSha256());
    }
    CsvMapper mapper = new CsvMapper();
    List<LabeledText> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader())
        .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
        .readValues(csv.toFile())) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        long line = it.getCurrentLocation().getLineNr();
        String text = row.get("text");
        String label = row.get("label");
        if (text == null || label == null) {
          throw new DatasetFormatException(csv.toString(), line, "header must name columns text and label (or text,category)");
        }
        if (text.isBlank() || label.isBlank()) {
          throw new DatasetFormatException(csv.toString(), line, "empty " + (text.isBlank() ? "text" : "label"));
        }
        out.add(new LabeledText(text, label.strip()));
      }
    } catch (JacksonException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new DatasetFormatException(csv.toString(), line, "malformed CSV: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetFormatException(csv.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DatasetFormatException(csv.toString(), 1, "no examples");
    }
    try {
      return new Data(out, Checksum.sha256(Files.readAllBytes(csv)));
    } catch (IOException e) {
      throw new DatasetFormatException(csv.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
  }
}
