package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.inference.spi.BioDecoder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BioDecoderTest {
  static final List<String> LABELS = List.of("O", "B-person", "I-person", "B-location", "I-location");
  final BioDecoder decoder = new BioDecoder(LABELS);

  @Test
  void conllevalChunkingStartsEntitiesAtStrayInsideTags() {
    assertThat(BioDecoder.spans(new String[] {"O", "I-person", "I-person", "B-location", "I-person", "O"}))
        .containsExactly(new BioDecoder.Span("person", 1, 3), new BioDecoder.Span("location", 3, 4),
            new BioDecoder.Span("person", 4, 5));
    assertThat(BioDecoder.spans(new String[] {"B-person", "B-person", "I-person"}))
        .containsExactly(new BioDecoder.Span("person", 0, 1), new BioDecoder.Span("person", 1, 3));
  }

  @Test
  void viterbiRepairsADanglingInsideTag() {
    float[][] lp = {
        {log(0.9f), log(0.02f), log(0.04f), log(0.02f), log(0.02f)},
        {log(0.1f), log(0.3f), log(0.4f), log(0.1f), log(0.1f)}, // argmax I-person after O: invalid
    };
    assertThat(BioDecoder.argmax(lp)).containsExactly(0, 2);
    assertThat(decoder.viterbi(lp)).containsExactly(0, 1);
  }

  @Property(tries = 200)
  void viterbiOutputIsAlwaysValidBio(@ForAll @Size(min = 1, max = 12) List<@Size(5) List<@FloatRange(min = -20f, max = 0f) Float>> rows) {
    float[][] lp = new float[rows.size()][5];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 5; j++) {
        lp[i][j] = rows.get(i).get(j);
      }
    }
    int[] path = decoder.viterbi(lp);
    for (int t = 0; t < path.length; t++) {
      String tag = LABELS.get(path[t]);
      if (tag.startsWith("I-")) {
        assertThat(t).isPositive();
        String prev = LABELS.get(path[t - 1]);
        assertThat(prev).isIn("B-" + tag.substring(2), tag);
      }
    }
    // and it is optimal among valid sequences: its score is at least the best valid greedy repair
    double score = 0;
    for (int t = 0; t < path.length; t++) {
      score += lp[t][path[t]];
    }
    double allO = 0;
    for (float[] row : lp) {
      allO += row[0];
    }
    assertThat(score).isGreaterThanOrEqualTo(allO - 1e-4);
  }

  @Test
  void rejectsNonBioLabels() {
    assertThatThrownBy(() -> new BioDecoder(List.of("O", "PER"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PER");
  }

  private static float log(float p) {
    return (float) Math.log(p);
  }
}
