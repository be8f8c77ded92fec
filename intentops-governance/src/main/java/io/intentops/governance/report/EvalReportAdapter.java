package io.intentops.governance.report;

import com.fasterxml.jackson.core.JacksonException;
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
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
 * <p>Validation: an intent test section is required (the release SOP metrics derive from it), as are its
 * slice metrics (re-run the harness if they are missing); OOS and NER sections are optional. Any field
 * this adapter does not know, in the objects it reads, and any required field that is missing or has
 * the wrong type, throws {@link EvalReportFormatException} naming the JSON path, so a changed schema
 * cannot silently drop a metric. Immutable and thread-safe.
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

  private static final Set<String> TOP = Set.of("schemaVersion", "createdAt", "run", "models", "intent", "oos", "ner");
  private static final Set<String> MODEL = Set.of("name", "version", "task", "manifestSha256", "manifest");
  private static final Set<String> INTENT = Set.of("role", "dataset", "classification", "calibration", "timing", "slices");
  private static final Set<String> CLASSIFICATION = Set.of("examples", "accuracy", "perClass", "macroPrecision",
      "macroRecall", "macroF1", "weightedF1", "confusion");
  private static final Set<String> CALIBRATION = Set.of("bins", "ece", "mce", "predictions");
  private static final Set<String> SLICES = Set.of("minExamples", "flagMargin", "overallAccuracy", "slices", "disparity",
      "disparityFamily", "flags");
  private static final Set<String> SLICE = Set.of("family", "name", "definition", "examples", "accuracy", "ece", "eligible");
  private static final Set<String> CI = Set.of("estimate", "lower", "upper", "level", "resamples", "seed");
  private static final Set<String> DATASET = Set.of("name", "split", "examples", "labels", "fileSha256", "canonicalSha256",
      "source", "license");
  private static final Set<String> OOS = Set.of("inScope", "outOfScope", "auroc", "aupr", "fprAt95Tpr", "roc", "atThreshold",
      "timing");
  private static final Set<String> AT_THRESHOLD = Set.of("threshold", "inScopeAccuracy", "oosRecall", "oosPrecision",
      "inScopeFlaggedRate", "overallAccuracy", "inScope", "outOfScope");
  private static final Set<String> NER = Set.of("role", "dataset", "scores", "f1", "timing");
  private static final Set<String> NER_SCORES = Set.of("mode", "precision", "recall", "f1", "correct", "predicted", "gold",
      "perType", "tokenPrecision", "tokenRecall", "tokenMicroF1", "tokenAccuracy");
  private static final Set<String> CONFUSION = Set.of("labels", "counts");

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
    JsonNode root;
    try {
      root = STRICT.readTree(evalJson);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new EvalReportFormatException(source, "$", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EvalReportFormatException(source, "$", "cannot read: " + e);
    }
    return new Mapping(source, root).run(model, Checksum.sha256(evalJson));
  }

  /** Parses governance report bytes (used by {@link GovernanceReport#json()}). */
  static JsonNode parse(byte[] json, String source) {
    try {
      return STRICT.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot parse " + source + ": " + e.getMessage());
    }
  }

  /** One mapping run; keeps the source name for messages. */
  private final class Mapping {
    private final String source;
    private final JsonNode root;

    Mapping(String source, JsonNode root) {
      this.source = source;
      this.root = root;
    }

    GovernanceReport run(String modelName, Checksum evalDigest) {
      obj(root, "$", TOP);
      int schema = integer(root, "schemaVersion", "schemaVersion");
      if (schema != EVAL_SCHEMA_VERSION) {
        throw fail("schemaVersion", "is " + schema + "; this adapter reads " + EVAL_SCHEMA_VERSION);
      }
      String createdAt = text(root, "createdAt", "createdAt");
      JsonNode run = root.get("run");
      if (run == null || !run.isObject()) {
        throw fail("run", run == null ? "missing" : "expected an object");
      }
      ArrayNode models = array(root, "models", "models");
      JsonNode selected = null;
      ArrayNode srcModels = F.arrayNode();
      for (int i = 0; i < models.size(); i++) {
        String at = "models[" + i + "]";
        JsonNode m = obj(models.get(i), at, MODEL);
        String name = text(m, "name", at + ".name");
        ObjectNode o = srcModels.addObject();
        o.put("name", name);
        o.put("version", text(m, "version", at + ".version"));
        o.put("task", text(m, "task", at + ".task"));
        JsonNode ms = m.get("manifestSha256");
        o.put("manifest_sha256", ms == null || ms.isNull() ? null : sha(m, "manifestSha256", at + ".manifestSha256"));
        if (name.equals(modelName)) {
          selected = m;
        }
      }
      if (selected == null) {
        throw fail("models[name=" + modelName + "]", "missing: the eval run has no model named '" + modelName + "'");
      }
      ModelVersion version;
      Task task;
      try {
        version = ModelVersion.parse(selected.get("version").asText());
        task = Task.parse(selected.get("task").asText());
      } catch (RuntimeException e) {
        throw fail("models[name=" + modelName + "]", e.getMessage());
      }

      ObjectNode out = F.objectNode();
      out.put("format", FORMAT);
      ObjectNode mo = out.putObject("model");
      mo.put("name", modelName);
      mo.put("version", version.toString());
      mo.put("task", task.id());
      ObjectNode metrics = out.putObject("metrics");
      ObjectNode datasets = F.objectNode();
      Map<String, Double> components = new LinkedHashMap<>();
      Map<String, String> componentSources = new LinkedHashMap<>();
      List<String> risks = new ArrayList<>();

      // Intent test section: headline SOP metrics and slices.
      ArrayNode intents = optionalArray(root, "intent", "intent");
      int ti = testIndex(intents, "intent");
      if (ti < 0) {
        throw fail("intent[role=test]", "missing: the SOP metrics (accuracy, bias_disparity, fairness_flags, ece) "
            + "come from the intent test section");
      }
      for (int i = 0; i < intents.size(); i++) {
        obj(intents.get(i), "intent[" + i + "]", INTENT);
      }
      String at = "intent[" + ti + "]";
      JsonNode sec = intents.get(ti);
      String ds = dataset(sec, at + ".dataset", datasets, "intent_test");
      JsonNode cls = obj(sec.get("classification"), at + ".classification", CLASSIFICATION);
      ObjectNode acc = ci(cls, "accuracy", at + ".classification.accuracy");
      double macroF1 = number(cls, "macroF1", at + ".classification.macroF1");
      JsonNode cal = obj(sec.get("calibration"), at + ".calibration", CALIBRATION);
      double ece = number(cal, "ece", at + ".calibration.ece");
      metrics.set("accuracy", acc.deepCopy());
      metrics.put("macro_f1", macroF1);
      metrics.put("ece", ece);
      ObjectNode dsm = metrics.putObject(ds);
      dsm.set("accuracy", acc.deepCopy());
      dsm.put("macro_f1", macroF1);
      components.put("intent_error", 1 - acc.get("value").asDouble());
      componentSources.put("intent_error", "1 - " + at + ".classification.accuracy.estimate");
      components.put("calibration_error", ece);
      componentSources.put("calibration_error", at + ".calibration.ece");

      JsonNode sl = sec.get("slices");
      if (sl == null || sl.isNull()) {
        throw fail(at + ".slices", "missing: bias_disparity and fairness_flags need slice metrics; re-run the eval "
            + "harness (it writes them since eval.json gained slices)");
      }
      obj(sl, at + ".slices", SLICES);
      double disparity = number(sl, "disparity", at + ".slices.disparity");
      ArrayNode flags = array(sl, "flags", at + ".slices.flags");
      ArrayNode flagNames = F.arrayNode();
      for (int i = 0; i < flags.size(); i++) {
        if (!flags.get(i).isTextual()) {
          throw fail(at + ".slices.flags[" + i + "]", "expected a slice name, got " + flags.get(i));
        }
        flagNames.add(flags.get(i).asText());
      }
      metrics.put("bias_disparity", disparity);
      metrics.put("fairness_flags", flagNames.size());
      ObjectNode fairness = out.putObject("fairness");
      fairness.set("flags", flagNames);
      fairness.put("flag_margin", number(sl, "flagMargin", at + ".slices.flagMargin"));
      fairness.put("min_examples", integer(sl, "minExamples", at + ".slices.minExamples"));
      fairness.put("overall_accuracy", number(sl, "overallAccuracy", at + ".slices.overallAccuracy"));
      fairness.put("disparity_family", text(sl, "disparityFamily", at + ".slices.disparityFamily"));
      fairness.put("note", "Slices are properties of the input text (length, question form, casing, digits). The "
          + "datasets carry no attributes of the people who wrote the texts, so fairness across user groups is not "
          + "measured.");
      ObjectNode slices = out.putObject("slices");
      ArrayNode sliceArr = array(sl, "slices", at + ".slices.slices");
      for (int i = 0; i < sliceArr.size(); i++) {
        String sat = at + ".slices.slices[" + i + "]";
        JsonNode s = obj(sliceArr.get(i), sat, SLICE);
        ObjectNode so = slices.putObject(text(s, "name", sat + ".name"));
        so.set("accuracy", ci(s, "accuracy", sat + ".accuracy"));
        so.put("examples", integer(s, "examples", sat + ".examples"));
        so.put("ece", number(s, "ece", sat + ".ece"));
        so.put("definition", text(s, "definition", sat + ".definition"));
        so.put("eligible", bool(s, "eligible", sat + ".eligible"));
      }
      components.put("slice_disparity", disparity);
      componentSources.put("slice_disparity", at + ".slices.disparity");
      if (task != Task.NER) {
        risks.addAll(confusions(cls, at + ".classification"));
      }

      // OOS.
      JsonNode oos = root.get("oos");
      if (oos != null && !oos.isNull()) {
        obj(oos, "oos", OOS);
        dataset(oos, "oos.inScope", datasets, "oos_in_scope");
        dataset(oos, "oos.outOfScope", datasets, "oos_out_of_scope");
        JsonNode t = obj(oos.get("atThreshold"), "oos.atThreshold", AT_THRESHOLD);
        double recall = number(t, "oosRecall", "oos.atThreshold.oosRecall");
        double flagged = number(t, "inScopeFlaggedRate", "oos.atThreshold.inScopeFlaggedRate");
        ObjectNode om = metrics.putObject("oos");
        om.set("auroc", ci(oos, "auroc", "oos.auroc"));
        om.put("recall", recall);
        om.put("fpr_at_95tpr", number(oos, "fprAt95Tpr", "oos.fprAt95Tpr"));
        components.put("oos_miss_rate", 1 - recall);
        componentSources.put("oos_miss_rate", "1 - oos.atThreshold.oosRecall");
        components.put("oos_false_flag_rate", flagged);
        componentSources.put("oos_false_flag_rate", "oos.atThreshold.inScopeFlaggedRate");
      }

      // NER test section.
      ArrayNode ners = optionalArray(root, "ner", "ner");
      for (int i = 0; i < ners.size(); i++) {
        obj(ners.get(i), "ner[" + i + "]", NER);
      }
      int ni = testIndex(ners, "ner");
      if (ni >= 0) {
        String nat = "ner[" + ni + "]";
        JsonNode ns = ners.get(ni);
        String nds = dataset(ns, nat + ".dataset", datasets, "ner_test");
        JsonNode scores = obj(ns.get("scores"), nat + ".scores", NER_SCORES);
        ObjectNode f1 = ci(ns, "f1", nat + ".f1");
        ObjectNode nm = metrics.has(nds) ? (ObjectNode) metrics.get(nds) : metrics.putObject(nds);
        nm.set("entity_f1", f1);
        components.put("ner_miss_rate", 1 - f1.get("value").asDouble());
        componentSources.put("ner_miss_rate", "1 - " + nat + ".f1.estimate");
        if (task == Task.NER) {
          risks.addAll(weakEntityTypes(scores, nat + ".scores"));
        }
      }

      // Risk score: weighted mean of the components present.
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

      ObjectNode src = out.putObject("source");
      src.put("eval_json_sha256", evalDigest.hex());
      src.put("eval_schema_version", schema);
      src.put("created_at", createdAt);
      JsonNode commit = run.get("codeCommit");
      src.put("code_commit", commit == null || commit.isNull() ? null : commit.asText());
      src.set("models", srcModels);
      src.set("datasets", datasets);
      byte[] bytes;
      try {
        bytes = (PRETTY.writeValueAsString(out) + "\n").getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("governance report serialisation failed", e);
      }
      return new GovernanceReport(modelName, version, task, evalDigest, bytes);
    }

    private List<String> confusions(JsonNode cls, String at) {
      JsonNode conf = obj(cls.get("confusion"), at + ".confusion", CONFUSION);
      ArrayNode labels = array(conf, "labels", at + ".confusion.labels");
      ArrayNode counts = array(conf, "counts", at + ".confusion.counts");
      if (counts.size() != labels.size()) {
        throw fail(at + ".confusion.counts", "has " + counts.size() + " rows for " + labels.size() + " labels");
      }
      record Cell(int gold, int pred, long n, long support) {}
      List<Cell> cells = new ArrayList<>();
      for (int i = 0; i < counts.size(); i++) {
        JsonNode row = counts.get(i);
        if (!row.isArray() || row.size() != labels.size()) {
          throw fail(at + ".confusion.counts[" + i + "]", "expected " + labels.size() + " counts");
        }
        long support = 0;
        for (JsonNode c : row) {
          support += c.asLong();
        }
        for (int j = 0; j < row.size(); j++) {
          if (i != j && row.get(j).asLong() > 0) {
            cells.add(new Cell(i, j, row.get(j).asLong(), support));
          }
        }
      }
      cells.sort(Comparator.comparingLong(Cell::n).reversed().thenComparingInt(Cell::gold).thenComparingInt(Cell::pred));
      List<String> out = new ArrayList<>();
      for (Cell c : cells.subList(0, Math.min(listedRisks, cells.size()))) {
        out.add(String.format(Locale.ROOT, "predicts %s for %s: %d of %d %s test texts", labels.get(c.pred()).asText(),
            labels.get(c.gold()).asText(), c.n(), c.support(), labels.get(c.gold()).asText()));
      }
      return out;
    }

    private List<String> weakEntityTypes(JsonNode scores, String at) {
      JsonNode per = scores.get("perType");
      if (per == null || !per.isObject()) {
        throw fail(at + ".perType", per == null ? "missing" : "expected an object");
      }
      record Type(String name, double f1, long support) {}
      List<Type> types = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = per.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String tat = at + ".perType." + e.getKey();
        long support = (long) number(e.getValue(), "support", tat + ".support");
        if (support > 0) {
          types.add(new Type(e.getKey(), number(e.getValue(), "f1", tat + ".f1"), support));
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
    private String dataset(JsonNode parent, String at, ObjectNode datasets, String key) {
      String field = at.substring(at.lastIndexOf('.') + 1);
      JsonNode d = obj(parent.get(field), at, DATASET);
      ObjectNode o = datasets.putObject(key);
      String name = text(d, "name", at + ".name");
      o.put("name", name);
      o.put("split", text(d, "split", at + ".split"));
      o.put("examples", integer(d, "examples", at + ".examples"));
      o.put("file_sha256", sha(d, "fileSha256", at + ".fileSha256"));
      o.put("canonical_sha256", sha(d, "canonicalSha256", at + ".canonicalSha256"));
      JsonNode lic = d.get("license");
      o.put("license", lic == null ? "unknown" : lic.asText());
      return name;
    }

    private int testIndex(ArrayNode sections, String what) {
      for (int i = 0; i < sections.size(); i++) {
        if ("test".equals(text(sections.get(i), "role", what + "[" + i + "].role"))) {
          return i;
        }
      }
      return -1;
    }

    private ObjectNode ci(JsonNode parent, String field, String at) {
      JsonNode c = obj(parent.get(field), at, CI);
      ObjectNode o = F.objectNode();
      o.put("value", number(c, "estimate", at + ".estimate"));
      o.put("ci_lower", number(c, "lower", at + ".lower"));
      o.put("ci_upper", number(c, "upper", at + ".upper"));
      return o;
    }

    private JsonNode obj(@Nullable JsonNode n, String at, Set<String> known) {
      if (n == null || n.isNull()) {
        throw fail(at, "missing");
      }
      if (!n.isObject()) {
        throw fail(at, "expected an object, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw fail(at.equals("$") ? f : at + "." + f, "unknown field (known here: " + String.join(", ",
              new java.util.TreeSet<>(known)) + "); update EvalReportAdapter when eval.json gains a field");
        }
      }
      return n;
    }

    private ArrayNode array(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw fail(at, "missing");
      }
      if (!n.isArray()) {
        throw fail(at, "expected an array");
      }
      return (ArrayNode) n;
    }

    private ArrayNode optionalArray(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      return n == null || n.isNull() ? F.arrayNode() : array(parent, field, at);
    }

    private double number(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw fail(at, "missing");
      }
      if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
        throw fail(at, "expected a finite number, got " + n);
      }
      return n.asDouble();
    }

    private int integer(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw fail(at, "missing");
      }
      if (!n.isIntegralNumber()) {
        throw fail(at, "expected an integer, got " + n);
      }
      return n.asInt();
    }

    private boolean bool(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || !n.isBoolean()) {
        throw fail(at, n == null ? "missing" : "expected true or false, got " + n);
      }
      return n.asBoolean();
    }

    private String text(JsonNode parent, String field, String at) {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw fail(at, "missing");
      }
      if (!n.isTextual()) {
        throw fail(at, "expected a string, got " + n);
      }
      return n.asText();
    }

    private String sha(JsonNode parent, String field, String at) {
      String s = text(parent, field, at);
      try {
        return Checksum.parse(s).hex();
      } catch (RuntimeException e) {
        throw fail(at, "expected a SHA-256 hex digest, got '" + s + "'");
      }
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
