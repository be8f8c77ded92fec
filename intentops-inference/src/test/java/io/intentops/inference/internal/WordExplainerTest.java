package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.ExplanationMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribution arithmetic on a fake model whose score of a word subset is known exactly. */
class WordExplainerTest {
  /** v(S) as logit 0 (the "probability" of label 0 through the identity scorer); label 1 stays at 0. */
  interface Game {
    double value(boolean[] keep);
  }

  static final class FakeModel implements LogitsModel {
    final Game game;
    final List<Integer> calls = new ArrayList<>();

    FakeModel(Game game) {
      this.game = game;
    }

    @Override
    public Output forward(List<String> texts) {
      throw new AssertionError("explanations must use forwardVariants");
    }

    @Override
    public Output forwardVariants(String text, List<int[]> words, boolean[][] keep) {
      calls.add(keep.length);
      double[][] logits = new double[keep.length][];
      for (int i = 0; i < keep.length; i++) {
        logits[i] = new double[] {game.value(keep[i]), 0.0};
      }
      return new Output(logits, null, new boolean[keep.length]);
    }

    @Override
    public void close() {}
  }

  static final WordExplainer.Scorer IDENTITY = (out, i) -> new WordExplainer.Scores(out.logits()[i],
      -out.logits()[i][0]);

  static List<int[]> words(int n) {
    List<int[]> w = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      w.add(new int[] {2 * i, 2 * i + 1});
    }
    return w;
  }

  @Test
  void onAnAdditiveScoreBothMethodsRecoverTheWeightsInOneModelCall() {
    double[] weight = {0.5, -0.25, 2.0, 0.0, 1.0};
    Game additive = keep -> {
      double v = 3.0;
      for (int i = 0; i < keep.length; i++) {
        v += keep[i] ? weight[i] : 0.0;
      }
      return v;
    };
    for (ExplanationMethod m : ExplanationMethod.values()) {
      FakeModel model = new FakeModel(additive);
      WordExplainer.Result r = WordExplainer.explain("x", words(5), ExplainConfig.custom().method(m).build(), model,
          IDENTITY);
      assertThat(model.calls).as(m.name()).hasSize(1);
      assertThat(r.target()).isZero();
      for (int i = 0; i < weight.length; i++) {
        assertThat(r.intent()[i]).as(m + " word " + i).isCloseTo(weight[i], within(1e-12));
        assertThat(r.oos()[i]).isCloseTo(-weight[i], within(1e-12));
      }
    }
  }

  @Test
  void shapleyValuesSumToFullMinusEmptyAndSplitAnInteractionFairly() {
    // Words 0 and 1 only count together (an AND); word 2 adds 1 alone.
    Game and = keep -> (keep[0] && keep[1] ? 4.0 : 0.0) + (keep[2] ? 1.0 : 0.0);
    ExplainConfig c = ExplainConfig.custom().method(ExplanationMethod.SAMPLED_SHAPLEY).permutations(64).build();
    FakeModel model = new FakeModel(and);
    WordExplainer.Result r = WordExplainer.explain("x", words(3), c, model, IDENTITY);
    assertThat(model.calls).containsExactly(64 * 2 + 2);
    assertThat(r.intent()[0] + r.intent()[1] + r.intent()[2]).isCloseTo(5.0, within(1e-12));
    // Whichever AND partner comes second in an order gets the 4: about half the 64 orders each (3 sd = 0.75).
    assertThat(r.intent()[0]).isCloseTo(2.0, within(0.75)).isNotEqualTo(2.0 * 0 + 4.0);
    assertThat(r.intent()[0] + r.intent()[1]).isCloseTo(4.0, within(1e-12));
    assertThat(r.intent()[2]).isCloseTo(1.0, within(1e-12));
    // Occlusion gives each AND partner the whole 4: the known weakness Shapley corrects.
    WordExplainer.Result o = WordExplainer.explain("x", words(3), ExplainConfig.defaults(), new FakeModel(and), IDENTITY);
    assertThat(o.intent()).containsExactly(4.0, 4.0, 1.0);
  }
}
