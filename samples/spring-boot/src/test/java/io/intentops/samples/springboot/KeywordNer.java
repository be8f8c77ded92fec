package io.intentops.samples.springboot;

import io.intentops.core.Entity;
import io.intentops.core.InputLimits;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic gazetteer "NER model" for the HTTP-layer test only: it tags a few known words, so the
 * test can check the endpoint's JSON, offsets and error mapping without the WNUT-17 bundle.
 */
final class KeywordNer implements Predictor<String, NerResult> {
  static final ModelVersion VERSION = ModelVersion.parse("0.1.0-1");
  private static final Map<String, String> GAZETTEER =
      Map.of("Paris", "location", "London", "location", "Alice", "person", "Apple", "corporation");
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private final InputLimits limits = InputLimits.defaults();

  @Override
  public NerResult predict(String input) {
    String text = limits.validate(input);
    List<Entity> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String type = GAZETTEER.get(m.group());
      if (type != null) {
        out.add(new Entity(type, m.start(), m.end(), m.group(), 1.0));
      }
    }
    return new NerResult(out, VERSION, Duration.ZERO, false);
  }

  @Override
  public ModelVersion version() {
    return VERSION;
  }
}
