package io.intentops.train.ner;

import io.intentops.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Interim CoNLL reader ({@code token<TAB>tag} per line, blank line between sentences) until the eval
 * module's {@code DatasetReaders.conll} is merged. Package-private on purpose.
 */
final class ConllSentences {
  private ConllSentences() {}

  static List<LabeledSentence> read(Path file) {
    List<LabeledSentence> out = new ArrayList<>();
    List<String> toks = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          if (!toks.isEmpty()) {
            out.add(new LabeledSentence(toks, tags));
            toks = new ArrayList<>();
            tags = new ArrayList<>();
          }
          continue;
        }
        int tab = line.lastIndexOf('\t');
        if (tab <= 0) {
          throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
              file + " line " + lineNo + ": expected 'token<TAB>tag'");
        }
        String tag = line.substring(tab + 1).strip();
        if (!(tag.equals("O") || tag.startsWith("B-") || tag.startsWith("I-"))) {
          throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
              file + " line " + lineNo + ": tag '" + tag + "' is not BIO");
        }
        toks.add(line.substring(0, tab));
        tags.add(tag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (!toks.isEmpty()) {
      out.add(new LabeledSentence(toks, tags));
    }
    return out;
  }
}
