package io.intentops.governance.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.Task;
import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.ConfusionMatrix;
import io.intentops.core.report.DatasetManifest;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.ModelInfo;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.OosSection;
import io.intentops.core.report.OosThresholdScores;
import io.intentops.core.report.ReportFormatException;
import io.intentops.core.report.SliceReport;
import io.intentops.core.report.SliceScores;
import io.intentops.core.report.SplitRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps the eval harness's {@code eval.json} (schema 1, {@code docs/eval-json.md}) to the governance report
 * that release policies read. The metric names follow the governance
 * {@link io.intentops.governance.policy.MetricCatalogue}:
 *
 * <table>
 *   <caption>eval.json to governance report</caption>
 *   <tr><th>governance report</th><th>eval.json</th></tr>
 *   <tr><td>{@code model.name/version/task}</td><td>the {@code models[]} entry named by the caller</td></tr>
 *   <tr><td>{@code metrics.accuracy} (value, ci_lower, ci_upper)</td><td>{@code intent[role=test].classification.accuracy} (estimate, lower, upper)</td></tr>
 *   <tr><td>{@code metrics.macro_f1}</td><td>{@code intent[test].classification.macroF1}</td></tr>
 *   <tr><td>{@code metrics.ece}</td><td>{@code intent[test].calibration.ece}</td></tr>
 *   <tr><td>{@code metrics.<dataset>.accuracy}, {@code .macro_f1}</td><td>the same, under the test set's {@code dataset.name} (e.g. {@code banking77})</td></tr>
 *   <tr><td>{@code metrics.bias_disparity}</td><td>{@code intent[test].slices.disparity}</td></tr>
 *   <tr><td>{@code metrics.fairness_flags}, {@code fairness.flags}</td><td>size of / names in {@code intent[test].slices.flags}</td></tr>
 *   <tr><td>{@code slices.<name>}</td><td>{@code intent[test].slices.slices[]}: accuracy with CI, examples, ECE, definition</td></tr>
 *   <tr><td>{@code metrics.oos.auroc} (with CI)</td><td>{@code oos.auroc}</td></tr>
 *   <tr><td>{@code metrics.oos.recall}</td><td>{@code oos.atThreshold.oosRecall}</td></tr>
 *   <tr><td>{@code metrics.oos.fpr_at_95tpr}</td><td>{@code oos.fprAt95Tpr}</td></tr>
 *   <tr><td>{@code metrics.<dataset>.entity_f1} (with CI)</td><td>{@code ner[role=test].f1} under the test set's {@code dataset.name} (e.g. {@code wnut17})</td></tr>
 *   <tr><td>{@code metrics.risk_score}, {@code risk}</td><td>the weighted mean below</td></tr>
 *   <tr><td>{@code risks}</td><td>intent model: the most frequent confusions off {@code classification.confusion}; NER model: the entity types with the lowest F1</td></tr>
 *   <tr><td>{@code source}</td><td>digest of the eval.json bytes, {@code createdAt}, {@code run.codeCommit}, models with {@code manifestSha256}, dataset digests</td></tr>
 * </table>
 *
 * <p>Risk score: {@code risk_score = sum(w_i * r_i) / sum(w_i)} over the components present, each a rate
 * in [0, 1], so the score is in [0, 1]: intent error {@code 1 - accuracy} (weight 0.25), ECE (0.10), OOS
 * miss rate {@code 1 - oos.atThreshold.oosRecall} (0.15), OOS false-flag rate
 * {@code oos.atThreshold.inScopeFlaggedRate} (0.10), slice disparity (0.20), NER miss rate
 * {@code 1 - entity F1} (0.20). Components of absent sections (no OOS or no NER evaluation) are left out
 * and the weights renormalised; the report lists the components used.
 *
 * <p>The metrics describe the whole eval run. The reference release evaluates the intent + OOS bundle and
 * the NER bundle together, so the report attached to either bundle carries both models' metrics and the
 * default release policy checks the floors of both; {@code model} says which bundle it is attached to.
 *
 * <p>Validation: the eval.json is read with the one strict reader of the schema,
 * {@link EvalJson#fromJson(byte[], String)}: a field the schema does not know, a required field that is
 * missing or of the wrong type, or a malformed value throws {@link EvalReportFormatException} naming the
 * JSON path, so a changed schema cannot silently drop a metric. On top of the schema, an intent test
 * section is required (the release SOP metrics derive from it), as are its slice metrics (re-run the
 * harness if they are missing), and every metric mapped must be a finite number; OOS and NER sections
 * are optional. Immutable and thread-safe.
 */
public final class EvalReportAdapter {
  /** The {@code format} field of governance reports. */
  public static final String FORMAT = "intentops-governance-report/1";
  /** The eval.json schema version this adapter reads. */
  public static final int EVAL_SCHEMA_VERSION = 1;
  /** Default risk weights by component name. */
  public static final Map<String, Double> DEFAULT_RISK_WEIGHTS = defaultWeights();
  /** Default number of confusions (intent) or entity types (NER) listed under {@code risks}. */
  public static final int DEFAULT_LISTED_RISKS = 3;

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final EvalReportAdapter DEFAULTS = builder().build();

  private final Map<String, Double> riskWeights;
  private final int listedRisks;

  private EvalReportAdapter(Builder b) {
    this.riskWeights = Collections.unmodifiableMap(new LinkedHashMap<>(b.riskWeights));
    this.listedRisks = b.listedRisks;
  }

  private static Map<String, Double> defaultWeights() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("intent_error", 0.25);
    w.put("calibration_error", 0.10);
    w.put("oos_miss_rate", 0.15);
    w.put("oos_false_flag_rate", 0.10);
    w.put("slice_disparity", 0.20);
    w.put("ner_miss_rate", 0.20);
    return Collections.unmodifiableMap(w);
  }

  /** The adapter with the default risk weights. */
  public static EvalReportAdapter defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code defaults().adapt(evalJson, model)}. */
  public static GovernanceReport fromEvalJson(Path evalJson, String model) {
    return DEFAULTS.adapt(evalJson, model);
  }

  /** Shorthand for {@code defaults().adapt(evalJson, "eval.json", model)}. */
  public static GovernanceReport fromEvalJsonBytes(byte[] evalJson, String model) {
    return DEFAULTS.adapt(evalJson, "eval.json", model);
  }

  /** Reads {@code evalJson} and maps it for {@code model} (a name in its {@code models}). */
  public GovernanceReport adapt(Path evalJson, String model) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(evalJson);
    } catch (IOException e) {
      throw new EvalReportFormatException(evalJson.toString(), "$", "cannot read: " + e);
    }
    return adapt(bytes, evalJson.toString(), model);
  }

  /**
   * Maps eval.json bytes for {@code model}; {@code source} names them in error messages.
   *
   * @throws EvalReportFormatException naming the JSON path of the first problem
   */
  public GovernanceReport adapt(byte[] evalJson, String source, String model) {
    Objects.requireNonNull(model, "model");
    EvalReport report;
    try {
      report = EvalJson.fromJson(evalJson, source);
    } catch (ReportFormatException e) {
      EvalReportFormatException f = new EvalReportFormatException(source, field(e.path()), e.problem());
      f.initCause(e);
      throw f;
    }
    return new Mapping(source, report).run(model, Checksum.sha256(evalJson));
  }

  /** This adapter's field names are JSON paths without the leading {@code $.} ({@code $} for the document). */
  private static String field(String jsonPath) {
    if (jsonPath.startsWith("$.")) {
      return jsonPath.substring(2);
    }
    return jsonPath.length() > 1 && jsonPath.startsWith("$[") ? jsonPath.substring(1) : jsonPath;
  }

  /** Parses governance report bytes (used by {@link GovernanceReport#json()}). */
  static JsonNode parse(byte[] json, String source) {
    try {
      return STRICT.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot parse " + source + ": " + e.getMessage());
    }
  }

  /** One mapping run over the typed report; keeps the source name for messages. */
  private final class Mapping {
    private final String source;
    private final EvalReport report;
    // The report under construction; sections are added in a fixed order so the bytes are reproducible.
    private final ObjectNode out = F.objectNode();
    private final ObjectNode metrics = F.objectNode();
    private final ObjectNode datasets = F.objectNode();
    private final Map<String, Double> components = new LinkedHashMap<>();
    private final Map<String, String> componentSources = new LinkedHashMap<>();
    private final List<String> risks = new ArrayList<>();

    Mapping(String source, EvalReport report) {
      this.source = source;
      this.report = report;
    }

    GovernanceReport run(String modelName, Checksum evalDigest) {
      ModelInfo model = report.models().stream().filter(m -> m.name().equals(modelName))
          .reduce((first, second) -> second) // the last entry of that name, as the key-set adapter did
          .orElseThrow(() -> fail("models[name=" + modelName + "]",
              "missing: the eval run has no model named '" + modelName + "'"));
      out.put("format", FORMAT);
      ObjectNode mo = out.putObject("model");
      mo.put("name", modelName);
      mo.put("version", model.version().toString());
      mo.put("task", model.task().id());
      out.set("metrics", metrics);
      intent(model.task());
      oos();
      ner(model.task());
      explanations();
      riskScore();
      source(evalDigest);
      byte[] bytes;
      try {
        bytes = (PRETTY.writeValueAsString(out) + "\n").getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("governance report serialisation failed", e);
      }
      return new GovernanceReport(modelName, model.version(), model.task(), evalDigest, bytes);
    }

    /** The intent test section: headline SOP metrics, fairness and slices, and (intent models) confusions. */
    private void intent(Task task) {
      int ti = testIndex(report.intent(), IntentSection::role);
      if (ti < 0) {
        throw fail("intent[role=test]", "missing: the SOP metrics (accuracy, bias_disparity, fairness_flags, ece) "
            + "come from the intent test section");
      }
      String at = "intent[" + ti + "]";
      IntentSection sec = report.intent().get(ti);
      String ds = dataset(sec.dataset(), "intent_test");
      ObjectNode acc = ci(sec.classification().accuracy(), at + ".classification.accuracy");
      double macroF1 = finite(sec.classification().macroF1(), at + ".classification.macroF1");
      double ece = finite(sec.calibration().ece(), at + ".calibration.ece");
      metrics.set("accuracy", acc.deepCopy());
      metrics.put("macro_f1", macroF1);
      metrics.put("ece", ece);
      ObjectNode dsm = metrics.putObject(ds);
      dsm.set("accuracy", acc.deepCopy());
      dsm.put("macro_f1", macroF1);
      component("intent_error", 1 - acc.get("value").asDouble(), "1 - " + at + ".classification.accuracy.estimate");
      component("calibration_error", ece, at + ".calibration.ece");

      SliceReport sl = sec.slices();
      if (sl == null) {
        throw fail(at + ".slices", "missing: bias_disparity and fairness_flags need slice metrics; re-run the eval "
            + "harness (it writes them since eval.json gained slices)");
      }
      double disparity = finite(sl.disparity(), at + ".slices.disparity");
      ArrayNode flagNames = F.arrayNode();
      sl.flags().forEach(flagNames::add);
      metrics.put("bias_disparity", disparity);
      metrics.put("fairness_flags", flagNames.size());
      ObjectNode fairness = out.putObject("fairness");
      fairness.set("flags", flagNames);
      fairness.put("flag_margin", finite(sl.flagMargin(), at + ".slices.flagMargin"));
      fairness.put("min_examples", sl.minExamples());
      fairness.put("overall_accuracy", finite(sl.overallAccuracy(), at + ".slices.overallAccuracy"));
      fairness.put("disparity_family", sl.disparityFamily());
      fairness.put("note", "Slices are properties of the input text (length, question form, casing, digits). The "
          + "datasets carry no attributes of the people who wrote the texts, so fairness across user groups is not "
          + "measured.");
      ObjectNode slices = out.putObject("slices");
      for (int i = 0; i < sl.slices().size(); i++) {
        String sat = at + ".slices.slices[" + i + "]";
        SliceScores s = sl.slices().get(i);
        ObjectNode so = slices.putObject(s.name());
        so.set("accuracy", ci(s.accuracy(), sat + ".accuracy"));
        so.put("examples", s.examples());
        so.put("ece", finite(s.ece(), sat + ".ece"));
        so.put("definition", s.definition());
        so.put("eligible", s.eligible());
      }
      component("slice_disparity", disparity, at + ".slices.disparity");
      if (task != Task.NER) {
        risks.addAll(confusions(sec.classification().confusion()));
      }
    }

    /** The OOS section, when the run evaluated one. */
    private void oos() {
      OosSection oos = report.oos();
      if (oos == null) {
        return;
      }
      dataset(oos.inScope(), "oos_in_scope");
      dataset(oos.outOfScope(), "oos_out_of_scope");
      OosThresholdScores t = oos.atThreshold();
      double recall = finite(t.oosRecall(), "oos.atThreshold.oosRecall");
      double flagged = finite(t.inScopeFlaggedRate(), "oos.atThreshold.inScopeFlaggedRate");
      ObjectNode om = metrics.putObject("oos");
      om.set("auroc", ci(oos.auroc(), "oos.auroc"));
      om.put("recall", recall);
      om.put("fpr_at_95tpr", finite(oos.fprAt95Tpr(), "oos.fprAt95Tpr"));
      component("oos_miss_rate", 1 - recall, "1 - oos.atThreshold.oosRecall");
      component("oos_false_flag_rate", flagged, "oos.atThreshold.inScopeFlaggedRate");
    }

    /** The NER test section, when there is one; (NER models) the weakest entity types. */
    private void ner(Task task) {
      int ni = testIndex(report.ner(), NerSection::role);
      if (ni < 0) {
        return;
      }
      String nat = "ner[" + ni + "]";
      NerSection ns = report.ner().get(ni);
      String nds = dataset(ns.dataset(), "ner_test");
      ObjectNode f1 = ci(ns.f1(), nat + ".f1");
      ObjectNode nm = metrics.has(nds) ? (ObjectNode) metrics.get(nds) : metrics.putObject(nds);
      nm.set("entity_f1", f1);
      component("ner_miss_rate", 1 - f1.get("value").asDouble(), "1 - " + nat + ".f1.estimate");
      if (task == Task.NER) {
        risks.addAll(weakEntityTypes(ns.scores(), nat + ".scores"));
      }
    }

    /**
     * Explanation faithfulness, when eval.json has it: what the model card shows. Not a risk component
     * and not a policy metric (it describes the explanations, not the model's decisions).
     */
    private void explanations() {
      io.intentops.core.report.ExplanationSection e = report.explanations();
      if (e == null) {
        return;
      }
      ObjectNode x = out.putObject("explanations");
      x.put("method", e.method());
      x.put("dataset", e.dataset().name());
      x.put("examples", e.examples());
      x.set("aopc_comprehensiveness", ci(e.aopcComprehensiveness(), "explanations.aopcComprehensiveness"));
      x.set("aopc_sufficiency", ci(e.aopcSufficiency(), "explanations.aopcSufficiency"));
      x.set("comprehensiveness_gain_vs_random", ci(e.comprehensivenessGain(), "explanations.comprehensivenessGain"));
      x.set("sufficiency_gain_vs_random", ci(e.sufficiencyGain(), "explanations.sufficiencyGain"));
      x.put("random_seed", e.randomSeed());
      x.put("explanations_per_second", finite(e.timing().examplesPerSecond(), "explanations.timing.examplesPerSecond"));
      if (e.loadAverage() != null) {
        x.put("load_average", e.loadAverage());
      }
    }

    /** Risk score: weighted mean of the components present, with every component listed. */
    private void riskScore() {
      double num = 0;
      double den = 0;
      ObjectNode risk = out.putObject("risk");
      ObjectNode comps = risk.putObject("components");
      for (Map.Entry<String, Double> w : riskWeights.entrySet()) {
        Double v = components.get(w.getKey());
        if (v == null || w.getValue() == 0) {
          continue;
        }
        num += w.getValue() * v;
        den += w.getValue();
        ObjectNode c = comps.putObject(w.getKey());
        c.put("value", v);
        c.put("weight", w.getValue());
        c.put("from", componentSources.get(w.getKey()));
      }
      double riskScore = num / den; // den > 0: intent_error is always present and weighted (builder check)
      metrics.put("risk_score", riskScore);
      risk.put("score", riskScore);
      risk.put("formula", "sum(weight * value) / sum(weight) over the components present; each value is a rate in [0, 1]");
      ArrayNode ra = out.putArray("risks");
      risks.forEach(ra::add);
    }

    /** Where the numbers come from: eval.json digest, run, models and dataset digests. */
    private void source(Checksum evalDigest) {
      ObjectNode src = out.putObject("source");
      src.put("eval_json_sha256", evalDigest.hex());
      src.put("eval_schema_version", report.schemaVersion());
      src.put("created_at", report.createdAt().toString());
      src.put("code_commit", report.run().codeCommit());
      ArrayNode models = src.putArray("models");
      for (ModelInfo m : report.models()) {
        ObjectNode o = models.addObject();
        o.put("name", m.name());
        o.put("version", m.version().toString());
        o.put("task", m.task().id());
        o.put("manifest_sha256", m.manifestSha256() == null ? null : m.manifestSha256().hex());
      }
      src.set("datasets", datasets);
    }

    private void component(String name, double value, String from) {
      components.put(name, value);
      componentSources.put(name, from);
    }

    /** The largest off-diagonal cells of the confusion matrix, largest first. */
    private List<String> confusions(ConfusionMatrix conf) {
      List<String> labels = conf.labels();
      long[][] counts = conf.counts();
      record Cell(int gold, int pred, long n, long support) {}
      List<Cell> cells = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        long support = 0;
        for (long c : counts[i]) {
          support += c;
        }
        for (int j = 0; j < counts[i].length; j++) {
          if (i != j && counts[i][j] > 0) {
            cells.add(new Cell(i, j, counts[i][j], support));
          }
        }
      }
      cells.sort(Comparator.comparingLong(Cell::n).reversed().thenComparingInt(Cell::gold).thenComparingInt(Cell::pred));
      List<String> out = new ArrayList<>();
      for (Cell c : cells.subList(0, Math.min(listedRisks, cells.size()))) {
        out.add(String.format(Locale.ROOT, "predicts %s for %s: %d of %d %s test texts", labels.get(c.pred()),
            labels.get(c.gold()), c.n(), c.support(), labels.get(c.gold())));
      }
      return out;
    }

    /** The entity types with gold entities and the lowest F1, lowest first. */
    private List<String> weakEntityTypes(NerScores scores, String at) {
      record Type(String name, double f1, long support) {}
      List<Type> types = new ArrayList<>();
      for (Map.Entry<String, NerScores.TypeScores> e : scores.perType().entrySet()) {
        long support = e.getValue().support();
        if (support > 0) {
          types.add(new Type(e.getKey(), finite(e.getValue().f1(), at + ".perType." + e.getKey() + ".f1"), support));
        }
      }
      types.sort(Comparator.comparingDouble(Type::f1).thenComparing(Type::name));
      List<String> out = new ArrayList<>();
      for (Type t : types.subList(0, Math.min(listedRisks, types.size()))) {
        out.add(String.format(Locale.ROOT, "entity type %s: F1 %.4f over %d gold entities; most of them are missed or "
            + "mis-bounded", t.name(), t.f1(), t.support()));
      }
      return out;
    }

    /** Records the dataset digests under {@code key}; returns the dataset name. */
    private String dataset(DatasetManifest d, String key) {
      ObjectNode o = datasets.putObject(key);
      o.put("name", d.name());
      o.put("split", d.split());
      o.put("examples", d.examples());
      o.put("file_sha256", d.fileSha256().hex());
      o.put("canonical_sha256", d.canonicalSha256().hex());
      o.put("license", d.license());
      return d.name();
    }

    private <S> int testIndex(List<S> sections, Function<S, SplitRole> role) {
      for (int i = 0; i < sections.size(); i++) {
        if (role.apply(sections.get(i)) == SplitRole.TEST) {
          return i;
        }
      }
      return -1;
    }

    private ObjectNode ci(ConfidenceInterval c, String at) {
      ObjectNode o = F.objectNode();
      o.put("value", finite(c.estimate(), at + ".estimate"));
      o.put("ci_lower", finite(c.lower(), at + ".lower"));
      o.put("ci_upper", finite(c.upper(), at + ".upper"));
      return o;
    }

    /** eval.json may hold NaN and infinities (written as strings); a release metric must be a real number. */
    private double finite(double v, String at) {
      if (!Double.isFinite(v)) {
        throw fail(at, "expected a finite number, got " + v);
      }
      return v;
    }

    private EvalReportFormatException fail(String field, String problem) {
      return new EvalReportFormatException(source, field, problem);
    }
  }

  /** Configures an {@link EvalReportAdapter}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Double> riskWeights = new LinkedHashMap<>(DEFAULT_RISK_WEIGHTS);
    private int listedRisks = DEFAULT_LISTED_RISKS;

    private Builder() {}

    /**
     * Replaces the weight of one risk component (a key of {@link #DEFAULT_RISK_WEIGHTS}); 0 leaves it out.
     *
     * @throws ConfigurationException for an unknown component or a weight outside [0, 1]
     */
    public Builder riskWeight(String component, double weight) {
      if (!DEFAULT_RISK_WEIGHTS.containsKey(component)) {
        throw new ConfigurationException("Unknown risk component '" + component + "' (known: "
            + DEFAULT_RISK_WEIGHTS.keySet() + ")");
      }
      if (!(weight >= 0 && weight <= 1)) {
        throw new ConfigurationException("Risk weight of " + component + " must be in [0, 1], got " + weight);
      }
      riskWeights.put(component, weight);
      return this;
    }

    /** How many confusions or weak entity types to list under {@code risks}, 0 to 20. */
    public Builder listedRisks(int n) {
      if (n < 0 || n > 20) {
        throw new ConfigurationException("listedRisks must be in [0, 20], got " + n);
      }
      listedRisks = n;
      return this;
    }

    /** Validates and builds. */
    public EvalReportAdapter build() {
      if (riskWeights.get("intent_error") <= 0) {
        throw new ConfigurationException("Risk weight of intent_error must be > 0 (it is the one component every "
            + "report has)");
      }
      return new EvalReportAdapter(this);
    }
  }
}
