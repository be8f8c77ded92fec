package io.intentops.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.core.Entity;
import io.intentops.core.InputLimits;
import io.intentops.inference.ner.NerPredictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes BIO decoding to character offsets ({@link NerPredictor#entities}) without running the encoder:
 * the fuzzer picks the text, every word's label logits (any finite values) and the O bias; the
 * decoded entities must satisfy {@link NerInvariants} over the original text.
 */
class BioDecodingFuzzTest {
  private static final InputLimits LIMITS = InputLimits.custom().maxChars(2_000).build();

  @FuzzTest(maxDuration = "10s")
  void decode(FuzzedDataProvider in) {
    String text = in.consumeString(400);
    if (Typed.resultOrRejection(() -> LIMITS.validate(text)) == null) {
      return;
    }
    NerPredictor p = NerModel.PREDICTOR;
    int nl = p.labels().size();
    List<String> words = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int i = 0, n = text.length(); i < n; ) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > s) {
        words.add(text.substring(s, i));
        starts.add(s);
        ends.add(i);
      }
    }
    float[][] probs = new float[words.size()][];
    for (int w = 0; w < words.size(); w++) {
      float[] logits = new float[nl];
      for (int l = 0; l < nl; l++) {
        logits[l] = in.consumeRegularFloat(-30f, 30f);
      }
      probs[w] = softmax(logits);
    }
    double bias = in.consumeRegularDouble(-10, 10);
    NerPredictor.WordScores ws = new NerPredictor.WordScores(List.copyOf(words),
        starts.stream().mapToInt(Integer::intValue).toArray(), ends.stream().mapToInt(Integer::intValue).toArray(),
        probs, false);
    List<Entity> entities = p.entities(text, ws, bias);
    NerInvariants.check(text, entities, NerModel.TYPES);
  }

  private static float[] softmax(float[] x) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    float[] out = new float[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) Math.exp(x[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < x.length; i++) {
      out[i] /= (float) sum;
    }
    return out;
  }
}
