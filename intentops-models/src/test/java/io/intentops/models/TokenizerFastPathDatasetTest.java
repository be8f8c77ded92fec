package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.TokenizedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link TextTokenizer#encodeIds} (the Java WordPiece path for ASCII texts, the native call for the
 * rest) gives the native {@link TextTokenizer#encode}'s ids, type ids and truncation flag on every text
 * of BANKING77 (train, test), CLINC150 (all splits) and WNUT-17 (tweets joined by spaces), at the
 * served limit and at a limit that truncates most texts.
 */
class TokenizerFastPathDatasetTest {
  @Test
  void encodeIdsEqualsTheNativeTokenizerOnEveryDatasetText() {
    Optional<Path> trainB = DatasetPaths.requireInCi("banking77/train.csv");
    Optional<Path> testB = DatasetPaths.requireInCi("banking77/test.csv");
    Optional<Path> clinc = DatasetPaths.requireInCi("clinc150/data_full.json");
    Optional<Path> wTrain = DatasetPaths.requireInCi("wnut17/wnut17train.conll");
    Optional<Path> wDev = DatasetPaths.requireInCi("wnut17/emerging.dev.conll");
    Optional<Path> wTest = DatasetPaths.requireInCi("wnut17/emerging.test.annotated");
    Assumptions.assumeTrue(trainB.isPresent() && testB.isPresent() && clinc.isPresent() && wTrain.isPresent()
        && wDev.isPresent() && wTest.isPresent(), DatasetPaths.HOW_TO_GET);
    List<String> texts = new ArrayList<>();
    for (Path p : List.of(trainB.get(), testB.get())) {
      DatasetReaders.banking77(p).examples().stream().map(LabeledText::text).forEach(texts::add);
    }
    for (String split : DatasetReaders.CLINC150_SPLITS) {
      DatasetReaders.clinc150(clinc.get(), split).examples().stream().map(LabeledText::text).forEach(texts::add);
    }
    for (Path p : List.of(wTrain.get(), wDev.get(), wTest.get())) {
      DatasetReaders.conll(p).sentences().stream().map(TaggedSentence::tokens).map(t -> String.join(" ", t))
          .forEach(texts::add);
    }
    assertThat(texts).hasSizeGreaterThan(40_000);
    byte[] json = ModelResource.classpath(ReferenceModels.BANKING77_INTENT + "tokenizer.json").readAllBytes();
    for (int limit : new int[] {128, 12}) {
      try (TextTokenizer t = TextTokenizer.load(json, "banking77-intent", limit)) {
        int truncated = 0;
        for (String text : texts) {
          TokenizedText want = t.encode(text);
          TokenizedText got = t.encodeIds(text);
          assertThat(got.ids()).as("limit %d: '%s'", limit, text).isEqualTo(want.ids());
          assertThat(got.typeIds()).as("limit %d: '%s'", limit, text).isEqualTo(want.typeIds());
          assertThat(got.truncated()).as("limit %d: '%s'", limit, text).isEqualTo(want.truncated());
          truncated += want.truncated() ? 1 : 0;
        }
        assertThat(truncated).as("texts truncated at %d", limit).isGreaterThan(limit == 12 ? 5_000 : -1);
      }
    }
  }
}
