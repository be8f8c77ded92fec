package io.intentops.cli.train;

import io.intentops.core.InvalidInputException;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.governance.pii.PiiFinding;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.governance.pii.PiiType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The PII scan step of {@code train-intent} and {@code train-ner}: scans every training text (every
 * token for NER, as the CoNLL scan does) with governance's {@link PiiScanner} before training. Mode
 * {@code fail} (the default) refuses to train on data with findings, {@code scrub} replaces each
 * finding with {@code [REDACTED:TYPE]} and trains on that, {@code off} skips the scan. The result goes
 * into the bundle manifest's properties ({@code pii.mode}, {@code pii.findings}, {@code pii.types},
 * {@code pii.scrubbed}). Stateless; thread-safe.
 */
final class PiiStep {
  /** What to do with findings. */
  enum Mode {
    FAIL, SCRUB, OFF;

    static Mode parse(String s) {
      try {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
            "--pii must be fail, scrub or off, got '" + s + "'");
      }
    }
  }

  /**
   * The scanned (and, with {@code scrub}, redacted) data and the manifest properties.
   *
   * @param data what to train on
   * @param properties {@code pii.*} manifest properties
   */
  record Outcome<T>(List<T> data, Map<String, String> properties) {}

  private static final PiiScanner SCANNER = PiiScanner.create();

  private PiiStep() {}

  /** Scans intent training texts. */
  static Outcome<LabeledText> intent(List<LabeledText> data, Mode mode, String source) {
    if (mode == Mode.OFF) {
      return new Outcome<>(data, props(mode, null, 0));
    }
    Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
    List<Integer> where = new ArrayList<>();
    List<LabeledText> out = new ArrayList<>(data.size());
    int scrubbed = 0;
    for (int i = 0; i < data.size(); i++) {
      LabeledText t = data.get(i);
      List<PiiFinding> f = SCANNER.scan(t.text());
      f.forEach(x -> counts.merge(x.type(), 1, Integer::sum));
      if (!f.isEmpty()) {
        where.add(i + 1);
        if (mode == Mode.SCRUB) {
          out.add(new LabeledText(SCANNER.redact(t.text()), t.label()));
          scrubbed++;
          continue;
        }
      }
      out.add(t);
    }
    check(mode, counts, where, "example", source);
    return new Outcome<>(out, props(mode, counts, scrubbed));
  }

  /** Scans NER training tokens one by one. */
  static Outcome<TaggedSentence> ner(List<TaggedSentence> data, Mode mode, String source) {
    if (mode == Mode.OFF) {
      return new Outcome<>(data, props(mode, null, 0));
    }
    Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
    List<Integer> where = new ArrayList<>();
    List<TaggedSentence> out = new ArrayList<>(data.size());
    int scrubbed = 0;
    for (int i = 0; i < data.size(); i++) {
      TaggedSentence s = data.get(i);
      List<String> tokens = new ArrayList<>(s.tokens());
      boolean hit = false;
      for (int k = 0; k < tokens.size(); k++) {
        List<PiiFinding> f = SCANNER.scan(tokens.get(k));
        if (!f.isEmpty()) {
          hit = true;
          f.forEach(x -> counts.merge(x.type(), 1, Integer::sum));
          if (mode == Mode.SCRUB) {
            // One token stays one token, so the tags stay aligned.
            tokens.set(k, SCANNER.redact(tokens.get(k)).replace(' ', '_'));
            scrubbed++;
          }
        }
      }
      if (hit) {
        where.add(i + 1);
      }
      out.add(hit && mode == Mode.SCRUB ? new TaggedSentence(tokens, s.tags()) : s);
    }
    check(mode, counts, where, "sentence", source);
    return new Outcome<>(out, props(mode, counts, scrubbed));
  }

  private static void check(Mode mode, Map<PiiType, Integer> counts, List<Integer> where, String unit, String source) {
    if (mode == Mode.FAIL && !counts.isEmpty()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "PII scan of " + source + ": "
          + total(counts) + " finding(s) " + types(counts) + " in " + unit + "(s) " + where.stream().limit(10)
              .map(String::valueOf).collect(Collectors.joining(", ")) + (where.size() > 10 ? ", ..." : "")
          + "; nothing was trained. Rerun with --pii scrub to redact them, or --pii off to train on them as they are");
    }
  }

  private static int total(Map<PiiType, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String types(Map<PiiType, Integer> counts) {
    return counts.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue())
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static Map<String, String> props(Mode mode, Map<PiiType, Integer> counts, int scrubbed) {
    Map<String, String> p = new TreeMap<>();
    p.put("pii.mode", mode.name().toLowerCase(Locale.ROOT));
    if (counts != null) {
      p.put("pii.findings", Integer.toString(total(counts)));
      p.put("pii.types", counts.isEmpty() ? "none" : types(counts));
      p.put("pii.scrubbed", Integer.toString(scrubbed));
    }
    return p;
  }
}
