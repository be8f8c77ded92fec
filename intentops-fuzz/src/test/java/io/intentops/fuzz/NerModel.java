package io.intentops.fuzz;

import io.intentops.core.InputLimits;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.util.Set;
import java.util.TreeSet;

/**
 * The WNUT-17 reference NER predictor, loaded once per JVM and shared by the NER targets. A 16-token
 * window makes even short fuzz inputs exercise the overlapping-window path.
 */
final class NerModel {
  /** Token window used by the fuzz targets. */
  static final int MAX_TOKENS = 16;
  static final NerPredictor PREDICTOR = ReferenceModels.wnut17NerBuilder()
      .limits(InputLimits.custom().maxChars(2_000).maxTokens(MAX_TOKENS).build())
      .build();
  static final Set<String> TYPES = types();

  private NerModel() {}

  private static Set<String> types() {
    Set<String> t = new TreeSet<>();
    for (String l : PREDICTOR.labels()) {
      if (!l.equals("O")) {
        t.add(l.substring(2));
      }
    }
    return t;
  }
}
