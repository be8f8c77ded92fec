package io.intentops.governance.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Generates a model card (Markdown with Hugging Face YAML front matter and {@code model-index}) from a
 * bundle manifest and an eval report. Report shape: {@code metrics} holds numbers or
 * {@code {"value", "ci_lower", "ci_upper"}} objects, nested or with dotted keys
 * ({@code banking77.accuracy}, {@code wnut17.entity_f1}, {@code oos.auroc}, {@code ece}, ...);
 * optional {@code slices} (name -> metrics) and {@code risks} (strings). Immutable and thread-safe;
 * configure with {@link #builder()}.
 */
public final class ModelCardGenerator {
  /** Default runbook link. */
  public static final String DEFAULT_RUNBOOK_URL = "docs/runbook.md";
  /** Default data-retention statement. */
  public static final String DEFAULT_RETENTION =
      "Inference runs in-process; IntentOps stores no request text by default. Captured requests (if a host enables "
          + "capture) must be PII-scanned and redacted (`PiiScanner`) and kept no longer than 30 days. Audit entries "
          + "are redacted before they are written and kept for the retention period of the release records.";

  private final String runbookUrl;
  private final String retention;
  private final String license;
  private final @Nullable String intendedUse;

  private ModelCardGenerator(Builder b) {
    this.runbookUrl = b.runbookUrl;
    this.retention = b.retention;
    this.license = b.license;
    this.intendedUse = b.intendedUse;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link ModelCardGenerator}. Not thread-safe. */
  public static final class Builder {
    private String runbookUrl = DEFAULT_RUNBOOK_URL;
    private String retention = DEFAULT_RETENTION;
    private String license = "apache-2.0";
    private @Nullable String intendedUse;

    private Builder() {}

    /** Operator runbook link. */
    public Builder runbookUrl(String url) {
      runbookUrl = Objects.requireNonNull(url);
      return this;
    }

    /** Data-retention statement. */
    public Builder retention(String text) {
      retention = Objects.requireNonNull(text);
      return this;
    }

    /** Model license id for the front matter; default {@code apache-2.0}. */
    public Builder license(String id) {
      license = Objects.requireNonNull(id);
      return this;
    }

    /** Overrides the task-derived intended-use text. */
    public Builder intendedUse(String text) {
      intendedUse = Objects.requireNonNull(text);
      return this;
    }

    /** Builds. */
    public ModelCardGenerator build() {
      return new ModelCardGenerator(this);
    }
  }

  /** A metric from the report. */
  private record Metric(String name, double value, @Nullable Double lo, @Nullable Double hi, boolean integer) {
    Metric(String name, double value, @Nullable Double lo, @Nullable Double hi) {
      this(name, value, lo, hi, false);
    }
  }

  /**
   * Renders the card bound to a release: the card of {@link #generate(ModelManifest, JsonNode)} plus a
   * "Release binding" section (release id, bundle, eval report, {@code eval.json} and HTML report
   * digests with links, and the break-glass override with its justification when one was used).
   *
   * @throws IllegalArgumentException when the release is not of this manifest's model and version
   */
  public String generate(ModelManifest m, JsonNode report, ReleaseBinding binding) {
    if (!binding.release().model().equals(m.name()) || !binding.release().version().equals(m.version())) {
      throw new IllegalArgumentException("Release " + binding.release().releaseId() + " is of "
          + binding.release().model() + "@" + binding.release().version() + ", not " + m.name() + "@" + m.version());
    }
    String card = generate(m, report);
    int at = card.indexOf("## Intended use");
    return card.substring(0, at) + binding.markdown() + card.substring(at);
  }

  /** Renders the card. */
  public String generate(ModelManifest m, JsonNode report) {
    Map<String, Metric> all = new LinkedHashMap<>();
    flatten("", report.path("metrics"), all);
    m.metrics().forEach((k, v) -> all.putIfAbsent(k, new Metric(k, v, null, null)));
    // A report can describe several models evaluated together (intent + OOS and NER in one run); the card
    // shows only the metrics of this model's task.
    Map<String, Metric> metrics = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (belongsTo(k, m.task())) {
        metrics.put(k, v);
      }
    });
    StringBuilder sb = new StringBuilder();
    frontMatter(sb, m, metrics);
    sb.append("# Model card: ").append(m.name()).append(' ').append(m.version()).append("\n\n");
    sb.append("Task: ").append(m.task().id()).append(" | encoder: ").append(m.encoder().id()).append(" (")
        .append(m.encoder().pooling()).append(" pooling, max ").append(m.encoder().maxTokens()).append(" tokens) | labels: ")
        .append(m.labels().size()).append(" | created: ").append(m.createdAt()).append(" | seed: ").append(m.seed())
        .append("\n\n");

    sb.append("## Intended use\n\n").append(intendedUse != null ? intendedUse : defaultIntendedUse(m.task())).append("\n\n");
    sb.append("Out of scope of this model: decisions with legal or financial effect without human review; languages ")
        .append("other than English; domains other than those of the training data.\n\n");

    sb.append("## Datasets and licenses\n\n| dataset file | sha256 | license |\n| --- | --- | --- |\n");
    for (Map.Entry<String, Checksum> d : m.trainingData().entrySet()) {
      List<String> known = DatasetLicense.known(datasetOfTrainingKey(d.getKey(), m));
      sb.append("| `").append(d.getKey()).append("` | `").append(d.getValue().hex()).append("` | ")
          .append(known.isEmpty() ? "see DATA_LICENSES.md" : known.get(1) + " (" + known.get(0) + ")").append(" |\n");
    }
    if (m.trainingData().isEmpty()) {
      sb.append("| (none recorded in the manifest) | | |\n");
    }

    sb.append("\n## Metrics\n\n| metric | value | 95% CI |\n| --- | --- | --- |\n");
    for (Metric x : metrics.values()) {
      sb.append("| ").append(x.name()).append(" | ").append(fmt(x)).append(" | ")
          .append(x.lo() == null || x.hi() == null ? "n/a" : "[" + fmt(x.lo()) + ", " + fmt(x.hi()) + "]").append(" |\n");
    }
    if (metrics.isEmpty()) {
      sb.append("| (no metrics in the report) | | |\n");
    }

    sb.append("\n## Calibration\n\n").append("Softmax temperature T = ").append(fmt(m.temperature()))
        .append(" (1.0 = uncalibrated). ");
    Metric ece = find(metrics, "ece");
    sb.append(ece == null ? "Expected calibration error: not reported.\n\n"
        : "Expected calibration error (ECE) = " + fmt(ece.value()) + "; release floor ECE <= 0.03.\n\n");

    sb.append("## Out-of-scope (OOS) behaviour\n\n");
    if (m.oos() != null) {
      sb.append("Method `").append(m.oos().method()).append("`, threshold ").append(fmt(m.oos().threshold()))
          .append(" (scores at or above are out of scope), in-domain recall at threshold ")
          .append(fmt(m.oos().inDomainRecall())).append(". ");
    } else {
      sb.append("This model has no OOS detector: every input receives a label. ");
    }
    Metric auroc = find(metrics, "oos.auroc");
    sb.append(auroc == null ? "OOS AUROC: not reported.\n\n" : "OOS AUROC = " + fmt(auroc.value()) + " (floor 0.85).\n\n");

    JsonNode ex = report.path("explanations");
    if (ex.isObject()) {
      sb.append("## Explanations\n\n")
          .append("Per-word attributions (`IntentPredictor.explain`, method `").append(escape(ex.path("method").asText()))
          .append("`). Faithfulness in the ERASER style on ").append(escape(ex.path("dataset").asText())).append(" (")
          .append(ex.path("examples").asInt()).append(" texts), against a random attribution (seed ")
          .append(ex.path("random_seed").asLong()).append("):\n\n")
          .append("| measure | value | 95% CI |\n| --- | --- | --- |\n");
      explanationRow(sb, ex, "aopc_comprehensiveness", "AOPC comprehensiveness (higher: more faithful)");
      explanationRow(sb, ex, "comprehensiveness_gain_vs_random", "comprehensiveness gain over random");
      explanationRow(sb, ex, "aopc_sufficiency", "AOPC sufficiency (lower: more faithful)");
      explanationRow(sb, ex, "sufficiency_gain_vs_random", "sufficiency gain over random");
      sb.append("\nCost in that run: ").append(fmt(ex.path("explanations_per_second").asDouble()))
          .append(" explanations per second (eval harness, not a benchmark");
      if (ex.has("load_average")) {
        sb.append("; load average ").append(fmt(ex.path("load_average").asDouble()));
      }
      sb.append(").\n\n");
    }

    sb.append("## Known risks and mitigations\n\n")
        .append("| risk | effect | mitigation |\n| --- | --- | --- |\n")
        .append("| Ambiguous requests | several intents plausible; top-1 may be wrong with high confidence | ")
        .append("expose top-k and scores; route low-margin predictions to clarification or a human |\n")
        .append("| Out-of-scope input | an in-domain label is forced on an unrelated request | ")
        .append("OOS threshold; monitor the OOS rate; canary + SLO rollback |\n")
        .append("| Entity boundary errors | NER spans cut or over-extended (e.g. multi-word names) | ")
        .append("entity-level F1 gate; validate extracted values downstream before acting |\n")
        .append("| Distribution drift | accuracy decays as language changes | drift statistics in eval; retrain cadence |\n");
    JsonNode risks = report.path("risks");
    if (risks.isArray()) {
      for (JsonNode r : risks) {
        sb.append("| ").append(escape(r.isTextual() ? r.asText() : r.toString())).append(" | (from eval report) | review before release |\n");
      }
    }

    sb.append("\n## Fairness and bias\n\n");
    Metric disp = find(metrics, "bias_disparity");
    if (disp != null) {
      sb.append("Largest metric gap between slices (bias disparity) = ").append(fmt(disp.value()))
          .append(" (SOP limit 0.20).\n\n");
    }
    JsonNode slices = report.path("slices");
    if (m.task() == Task.NER) {
      sb.append("No slice metrics for this model: slice metrics are computed for intent classification only; "
          + "fairness across user groups is not measured.\n\n");
    } else if (slices.isObject() && !slices.isEmpty()) {
      // One row per slice; columns: its definition (if given), every metric any slice has, eligibility.
      List<String> cols = new ArrayList<>();
      Map<String, Map<String, Metric>> rows = new LinkedHashMap<>();
      boolean defs = false;
      boolean eligibility = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = slices.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> s = it.next();
        Map<String, Metric> sm = new LinkedHashMap<>();
        flatten("", s.getValue(), sm);
        sm.keySet().stream().filter(k -> !cols.contains(k)).forEach(cols::add);
        rows.put(s.getKey(), sm);
        defs |= s.getValue().path("definition").isTextual();
        eligibility |= s.getValue().path("eligible").isBoolean();
      }
      sb.append("| slice |").append(defs ? " definition |" : "");
      cols.forEach(c -> sb.append(' ').append(escape(c)).append(" |"));
      sb.append(eligibility ? " eligible |" : "").append("\n|").append(" --- |".repeat(1 + (defs ? 1 : 0) + cols.size()
          + (eligibility ? 1 : 0))).append('\n');
      boolean withDefs = defs;
      boolean withEligible = eligibility;
      rows.forEach((name, sm) -> {
        JsonNode raw = slices.path(name);
        sb.append("| ").append(escape(name)).append(" |");
        if (withDefs) {
          sb.append(' ').append(escape(raw.path("definition").asText(""))).append(" |");
        }
        for (String c : cols) {
          Metric x = sm.get(c);
          sb.append(' ').append(x == null ? "" : fmt(x) + (x.lo() == null || x.hi() == null ? ""
              : " [" + fmt(x.lo()) + ", " + fmt(x.hi()) + "]")).append(" |");
        }
        if (withEligible) {
          sb.append(' ').append(raw.path("eligible").isBoolean() ? (raw.path("eligible").asBoolean() ? "yes" : "no") : "")
              .append(" |");
        }
        sb.append('\n');
      });
      sb.append('\n');
    } else {
      sb.append("No slice metrics in the eval report; fairness across user groups is not measured for this release.\n\n");
    }
    JsonNode fairness = report.path("fairness");
    JsonNode flags = fairness.path("flags");
    if (m.task() != Task.NER && flags.isArray() && !flags.isEmpty()) {
      sb.append("Fairness flags raised: ").append(flags).append("\n\n");
    } else if (m.task() != Task.NER && flags.isArray() && fairness.path("flag_margin").isNumber()) {
      sb.append(String.format(Locale.ROOT, "Fairness flags raised: none (a slice with at least %d texts is flagged when "
          + "its accuracy is more than %.2f below the overall accuracy).%n%n", fairness.path("min_examples").asInt(),
          fairness.path("flag_margin").asDouble()));
    }
    if (m.task() != Task.NER && fairness.path("note").isTextual()) {
      sb.append(fairness.path("note").asText()).append("\n\n");
    }

    sb.append("## Data retention\n\n").append(retention).append("\n\n");
    sb.append("## Security posture\n\n")
        .append("- Every bundle file is verified against its SHA-256 in the manifest before loading; a mismatch refuses to load.\n")
        .append("- Inference is in-process (ONNX Runtime); no text leaves the host application.\n")
        .append("- Input limits (length, UTF-16 validity) are enforced before tokenisation.\n")
        .append("- Releases require approvals (separation of duties) and pass a policy gate; every action is in a tamper-evident audit log.\n\n");
    sb.append("## Operator runbook\n\n").append("See [runbook](").append(runbookUrl).append(") for deployment, canary, rollback and incident steps.\n\n");
    sb.append("## Provenance\n\n")
        .append("- encoder: `").append(m.encoder().id()).append("` sha256 `").append(m.encoder().sha256().hex()).append("`\n");
    for (Map.Entry<String, Checksum> f : m.files().entrySet()) {
      sb.append("- file `").append(f.getKey()).append("` sha256 `").append(f.getValue().hex()).append("`\n");
    }
    m.properties().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }

  private void frontMatter(StringBuilder sb, ModelManifest m, Map<String, Metric> metrics) {
    sb.append("---\n");
    sb.append("language:\n- en\n");
    sb.append("license: ").append(license).append('\n');
    sb.append("library_name: intentops\n");
    sb.append("pipeline_tag: ").append(m.task() == Task.NER ? "token-classification" : "text-classification").append('\n');
    sb.append("tags:\n- intentops\n- ").append(m.task().id()).append('\n');
    List<String> datasets = new ArrayList<>();
    for (String k : m.trainingData().keySet()) {
      String d = datasetOfTrainingKey(k, m);
      if (!datasets.contains(d)) {
        datasets.add(d);
      }
    }
    if (!datasets.isEmpty()) {
      sb.append("datasets:\n");
      datasets.forEach(d -> sb.append("- ").append(d).append('\n'));
    }
    sb.append("model-index:\n- name: ").append(yaml(m.name())).append('\n');
    // Group metrics by the dataset their name starts with (banking77.*, wnut17.*, oos.* = CLINC150).
    Map<String, List<Metric>> byDataset = new LinkedHashMap<>();
    for (Metric x : metrics.values()) {
      String ds = datasetOf(x.name());
      if (ds != null) {
        byDataset.computeIfAbsent(ds, k -> new ArrayList<>()).add(x);
      }
    }
    sb.append("  results:");
    if (byDataset.isEmpty()) {
      sb.append(" []\n");
    } else {
      sb.append('\n');
    }
    byDataset.forEach((ds, xs) -> {
      boolean ner = ds.equals("wnut17");
      sb.append("  - task:\n      type: ").append(ner ? "token-classification" : "text-classification").append('\n')
          .append("      name: ").append(ner ? "Named entity recognition" : ds.equals("clinc150")
              ? "Out-of-scope detection" : "Intent classification").append('\n')
          .append("    dataset:\n      type: ").append(ds).append("\n      name: ")
          .append(ds.equals("banking77") ? "BANKING77" : ds.equals("wnut17") ? "WNUT-17" : "CLINC150").append('\n')
          .append("      split: test\n    metrics:\n");
      for (Metric x : xs) {
        String type = x.name().substring(x.name().indexOf('.') + 1);
        sb.append("    - type: ").append(yaml(type)).append('\n')
            .append("      value: ").append(fmt(x.value())).append('\n')
            .append("      name: ").append(yaml(x.name())).append('\n');
      }
    });
    sb.append("---\n\n");
  }

  /**
   * The dataset a training-data key of the manifest belongs to: its first path segment when that is a
   * known dataset ({@code clinc150/oos_val}); otherwise (bare file names such as {@code train.csv}) the
   * dataset the model is named after when that is known ({@code banking77-intent}); else the first segment.
   */
  static String datasetOfTrainingKey(String key, ModelManifest m) {
    String first = key.split("[/.]")[0].toLowerCase(Locale.ROOT);
    if (!DatasetLicense.known(first).isEmpty()) {
      return first;
    }
    String fromModel = m.name().split("[-_.]")[0].toLowerCase(Locale.ROOT);
    return DatasetLicense.known(fromModel).isEmpty() ? first : fromModel;
  }

  private static @Nullable String datasetOf(String metric) {
    String first = metric.split("\\.")[0];
    return switch (first) {
      case "banking77" -> "banking77";
      case "wnut17" -> "wnut17";
      case "oos", "clinc150" -> "clinc150";
      default -> null;
    };
  }

  private static void flatten(String prefix, JsonNode n, Map<String, Metric> out) {
    if (n.isNumber()) {
      out.put(prefix, new Metric(prefix, n.asDouble(), null, null, n.isIntegralNumber()));
    } else if (n.isObject()) {
      if (n.has("value") && n.get("value").isNumber()) {
        out.put(prefix, new Metric(prefix, n.get("value").asDouble(), num(n, "ci_lower", "lo"), num(n, "ci_upper", "hi")));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    }
  }

  private static @Nullable Double num(JsonNode n, String a, String b) {
    JsonNode v = n.has(a) ? n.get(a) : n.get(b);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  private static @Nullable Metric find(Map<String, Metric> metrics, String suffix) {
    for (Metric x : metrics.values()) {
      if (x.name().equals(suffix) || x.name().endsWith("." + suffix)) {
        return x;
      }
    }
    return null;
  }

  private static String defaultIntendedUse(Task t) {
    return t == Task.NER
        ? "Extracting named entities (people, locations, organisations, products, creative works, groups) from short "
            + "English user-generated text, inside a Java application, as input to downstream validation."
        : "Routing short English customer-service requests (banking domain) to one of the trained intents inside a "
            + "Java application, with out-of-scope detection so that unsupported requests go to a human or fallback.";
  }

  /** Whether a metric belongs on the card of a model of {@code task}: NER cards show NER metrics, others the rest. */
  private static boolean belongsTo(String metric, Task task) {
    boolean ner = "wnut17".equals(datasetOf(metric)) || metric.startsWith("ner.") || metric.contains("entity_f1");
    return task == Task.NER ? ner : !ner;
  }

  private static String fmt(Metric x) {
    return x.integer() ? String.valueOf((long) x.value()) : fmt(x.value());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String yaml(String s) {
    return s.matches("[A-Za-z0-9_.-]+") ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void explanationRow(StringBuilder sb, JsonNode ex, String key, String label) {
    JsonNode c = ex.path(key);
    sb.append("| ").append(label).append(" | ").append(fmt(c.path("value").asDouble())).append(" | [")
        .append(fmt(c.path("ci_lower").asDouble())).append(", ").append(fmt(c.path("ci_upper").asDouble())).append("] |\n");
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
