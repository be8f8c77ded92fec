package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TokenClassificationDataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Fuzzes the CoNLL reader ({@link DatasetReaders#conll}): any bytes give sentences or a typed
 * rejection; accepted sentences hold whitespace-free tokens with valid IOB2 tags and survive a
 * write/read round trip.
 */
class ConllFuzzTest {
  private static final Path FILE = TempFiles.scratch("fuzz-conll", "train.conll");
  private static final Pattern TAG = Pattern.compile("O|[BI]-\\S+");

  @FuzzTest(maxDuration = "10s")
  void conll(byte[] data) {
    TokenClassificationDataset d = Typed.resultOrRejection(() -> DatasetReaders.conll(TempFiles.write(FILE, data)));
    if (d == null) {
      return;
    }
    StringBuilder out = new StringBuilder();
    for (TaggedSentence s : d.sentences()) {
      assertThat(s.tokens()).isNotEmpty().hasSameSizeAs(s.tags());
      String prev = "O";
      for (int i = 0; i < s.tokens().size(); i++) {
        String tok = s.tokens().get(i);
        String tag = s.tags().get(i);
        assertThat(tok).isNotEmpty().doesNotContainPattern("\\s");
        assertThat(tag).matches(TAG);
        if (tag.startsWith("I-")) {
          assertThat(prev).as("tag before %s", tag).isNotEqualTo("O").endsWith(tag.substring(1));
        }
        prev = tag;
        out.append(tok).append('\t').append(tag).append('\n');
      }
      out.append('\n');
    }
    TokenClassificationDataset again = DatasetReaders.conll(TempFiles.write(FILE, out.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(again.sentences()).isEqualTo(d.sentences());
  }
}
