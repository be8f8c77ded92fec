package io.intentops.eval.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.intentops.core.Checksum;
import io.intentops.core.report.DatasetManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The canonical form of parsed datasets, hashed into {@link DatasetManifest#canonicalSha256()}: one
 * compact JSON array per example followed by {@code \n}, UTF-8. Text classification: {@code ["text","label"]};
 * token classification: {@code [["tok","tag"],...]}. Why JSON: unambiguous escaping, so two different
 * datasets can never share a canonical form.
 */
final class Canonical {
  private static final JsonFactory JSON = new JsonFactory();

  private Canonical() {}

  static Checksum ofTexts(List<LabeledText> examples) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (LabeledText e : examples) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
          g.writeStartArray();
          g.writeString(e.text());
          g.writeString(e.label());
          g.writeEndArray();
        }
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Checksum.sha256(out.toByteArray());
  }

  static Checksum ofSentences(List<TaggedSentence> sentences) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (TaggedSentence s : sentences) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
          g.writeStartArray();
          for (int i = 0; i < s.tokens().size(); i++) {
            g.writeStartArray();
            g.writeString(s.tokens().get(i));
            g.writeString(s.tags().get(i));
            g.writeEndArray();
          }
          g.writeEndArray();
        }
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Checksum.sha256(out.toByteArray());
  }
}
