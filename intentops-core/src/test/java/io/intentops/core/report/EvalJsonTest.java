package io.intentops.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict eval.json reader: what it accepts, and the path and reason it names for what it rejects. */
class EvalJsonTest {
  @TempDir Path dir;

  private static final Checksum A = Checksum.sha256("a");

  static ConfidenceInterval ci(double estimate) {
    return new ConfidenceInterval(estimate, estimate - 0.02, estimate + 0.02, 0.95, 1000, 2025);
  }

  static DatasetManifest dataset(String name, String split) {
    return new DatasetManifest(name, split, 3, List.of("a", "b"), A, A, "test fixture", "CC BY 4.0");
  }

  /** A report with every section and every optional field filled in. */
  static EvalReport full(double wallSeconds, double threshold) {
    Timing timing = new Timing(3, wallSeconds, 3 / 1.5, 32);
    ClassificationReport cls = new ClassificationReport(3, ci(2 / 3.0),
        Map.of("a", new ClassScores(1, 0.5, 2 / 3.0, 2, 1), "b", new ClassScores(0.5, 1, 2 / 3.0, 1, 2)),
        0.75, 0.75, 2 / 3.0, 2 / 3.0, new ConfusionMatrix(List.of("a", "b"), new long[][] {{1, 1}, {0, 1}}));
    ReliabilityDiagram cal = new ReliabilityDiagram(List.of(new ReliabilityDiagram.Bin(0, 0.5, 1, 0, 0.4),
        new ReliabilityDiagram.Bin(0.5, 1, 2, 1, 0.9)), 0.2, 0.4, 3);
    SliceReport slices = new SliceReport(1, 0.05, 2 / 3.0,
        List.of(new SliceScores("length", "length.short", "1-6 words", 3, ci(2 / 3.0), 0.2, true)), 0, "",
        List.of());
    IntentSection intent = new IntentSection(SplitRole.TEST, dataset("banking77", "test"), cls, cal, timing, slices);
    OosSection oos = new OosSection(dataset("banking77", "test"), dataset("clinc150", "oos_test"), ci(0.9), 0.8, 0.1,
        List.of(new RocPoint(Double.POSITIVE_INFINITY, 0, 0), new RocPoint(0.5, 0.1, 0.9), new RocPoint(0.1, 1, 1)),
        new OosThresholdScores(threshold, 0.9, 0.8, 0.7, 0.1, 0.85, 3, 3), timing);
    NerScores ner = new NerScores(NerScores.Mode.CONLLEVAL, 0.5, 0.5, 0.5, 1, 2, 2,
        Map.of("person", new NerScores.TypeScores(0.5, 0.5, 0.5, 1, 2, 2)), 0.5, 0.5, 0.5, 0.9);
    NerSection nerSection = new NerSection(SplitRole.TEST, dataset("wnut17", "test"), ner, ci(0.5), timing);
    RunInfo run = new RunInfo("0123456789abcdef0123456789abcdef01234567", "17", "vendor", "vm", "Linux 6", "amd64",
        "cpu", 2, 1L << 30, Instant.parse("2026-11-23T09:59:00Z"), wallSeconds);
    ModelInfo model = new ModelInfo("toy", ModelVersion.of(1, 0, 0, 1), Task.INTENT, A, null);
    List<Double> curve = List.of(0.1, 0.3);
    ExplanationSection explanations = new ExplanationSection(dataset("banking77", "test"), "occlusion", 3, 0,
        List.of(0.1, 0.5), curve, curve, curve, curve, ci(0.2), ci(0.1), ci(0.15), ci(0.05), 2025L, timing, 1.5,
        List.of(new ExplainedText("error", "my card", "card_arrival", "card_linking", 0.9, 0.1,
            List.of(new WordScore(0, 2, 0.01, -0.02), new WordScore(3, 7, 0.5, 0.0)))));
    return new EvalReport(EvalReport.SCHEMA_VERSION, Instant.parse("2026-11-23T10:00:00Z"), run, List.of(model),
        List.of(intent), oos, List.of(nerSection), explanations, null);
  }

  static ObjectNode tree(EvalReport r) throws Exception {
    return (ObjectNode) EvalJson.mapper().readTree(EvalJson.toJson(r));
  }

  @Test
  void roundTripsExactlyIncludingNonFiniteNumbers() throws Exception {
    EvalReport r = full(1.5, Double.NaN);
    Path file = dir.resolve("eval.json");
    EvalJson.write(r, file);
    assertThat(EvalJson.read(file)).isEqualTo(r);
    JsonNode t = EvalJson.mapper().readTree(file.toFile());
    assertThat(t.at("/oos/roc/0/threshold").asText()).isEqualTo("Infinity");
    assertThat(t.at("/oos/atThreshold/threshold").asText()).isEqualTo("NaN");
    assertThat(t.at("/createdAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
  }

  @Property(seed = "2025")
  void anyDoubleSurvivesTheRoundTrip(@ForAll double wallSeconds, @ForAll double threshold) {
    EvalReport r = full(wallSeconds, threshold);
    assertThat(EvalJson.fromJson(EvalJson.toJson(r), "property")).isEqualTo(r);
  }

  @Test
  void optionalFieldsMayBeAbsent() throws Exception {
    ObjectNode t = tree(full(1, 0.5));
    t.remove("oos");
    t.remove("ner");
    t.remove("explanations");
    ((ObjectNode) t.at("/intent/0")).remove("slices");
    ((ObjectNode) t.at("/run")).remove("codeCommit");
    ((ObjectNode) t.at("/run")).putNull("cpuModel");
    ((ObjectNode) t.at("/models/0")).remove("manifestSha256");
    EvalReport r = EvalJson.fromJson(t.toString(), "t");
    assertThat(r.oos()).isNull();
    assertThat(r.ner()).isEmpty();
    assertThat(r.explanations()).isNull();
    assertThat(r.intent().get(0).slices()).isNull();
    assertThat(r.run().codeCommit()).isNull();
    assertThat(r.models().get(0).manifestSha256()).isNull();
    t.remove("intent");
    assertThat(EvalJson.fromJson(t.toString(), "t").intent()).isEmpty();
  }

  /** Every field the records declare non-null is enforced: removing any one of them names exactly its path. */
  @Test
  void everyRequiredFieldIsEnforcedAndNamed() throws Exception {
    ObjectNode full = tree(full(1, 0.5));
    Set<String> optional = Set.of("$.oos", "$.ner", "$.intent", "$.intent[0].slices", "$.run.codeCommit",
        "$.run.cpuModel", "$.models[0].manifestSha256", "$.models[0].manifest", "$.explanations",
        "$.explanations.loadAverage");
    List<String> paths = new ArrayList<>();
    collect(full, "$", paths);
    assertThat(paths).hasSizeGreaterThan(100);
    int required = 0;
    for (String path : paths) {
      ObjectNode t = full.deepCopy();
      remove(t, path);
      if (optional.contains(path)) {
        EvalJson.fromJson(t.toString(), "t");
        continue;
      }
      required++;
      assertThatThrownBy(() -> EvalJson.fromJson(t.toString(), "t")).as(path)
          .isInstanceOfSatisfying(ReportFormatException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.problem()).startsWith("missing");
          });
    }
    assertThat(paths).containsAll(optional); // the fixture exercises every optional field too
    assertThat(required).isEqualTo(paths.size() - optional.size());
  }

  @Test
  void unknownFieldsAreNamedWithTheKnownOnes() throws Exception {
    expect(t -> ((ObjectNode) t.at("/intent/0/classification")).put("top5", 0.99), "$.intent[0].classification.top5",
        "unknown field (known here: accuracy, confusion, examples, macroF1");
    expect(t -> t.put("latency", 3), "$.latency", "unknown field");
    expect(t -> ((ObjectNode) t.at("/ner/0/scores/perType/person")).put("iou", 1), "$.ner[0].scores.perType.person.iou",
        "unknown field");
  }

  @Test
  void nullsAndWrongTypesAreRejectedWithoutCoercion() throws Exception {
    expect(t -> ((ObjectNode) t.at("/oos/atThreshold")).putNull("oosRecall"), "$.oos.atThreshold.oosRecall",
        "missing (null)");
    expect(t -> ((ObjectNode) t.at("/run")).putNull("javaVersion"), "$.run.javaVersion", "missing (null)");
    expect(t -> ((ArrayNode) t.at("/intent/0/slices/flags")).addNull(), "$.intent[0].slices.flags[0]", "missing (null)");
    expect(t -> ((ObjectNode) t.at("/ner/0/f1")).put("estimate", "high"), "$.ner[0].f1.estimate",
        "expected a finite number or one of the strings \"NaN\", \"Infinity\", \"-Infinity\", got \"high\"");
    expect(t -> ((ObjectNode) t.at("/ner/0/f1")).put("estimate", "0.5"), "$.ner[0].f1.estimate", "expected a finite number");
    expect(t -> ((ObjectNode) t.at("/intent/0/dataset")).put("examples", 2.5), "$.intent[0].dataset.examples",
        "expected an integer");
    expect(t -> ((ObjectNode) t.at("/intent/0/slices/slices/0")).put("eligible", 1), "$.intent[0].slices.slices[0].eligible",
        "expected true or false");
    expect(t -> ((ObjectNode) t.at("/ner/0/scores")).put("mode", "LOOSE"), "$.ner[0].scores.mode",
        "expected one of CONLLEVAL, SEQEVAL_STRICT, got \"LOOSE\"");
    expect(t -> t.put("createdAt", "yesterday"), "$.createdAt", "expected an ISO-8601 instant");
    expect(t -> t.put("models", "toy"), "$.models", "expected an array");
  }

  @Test
  void valuesTheRecordsRejectKeepTheirReason() throws Exception {
    expect(t -> ((ObjectNode) t.at("/intent/0/dataset")).put("fileSha256", "xyz"), "$.intent[0].dataset.fileSha256",
        "SHA-256 digest must be 64 lower-case hex characters, got 'xyz'");
    expect(t -> ((ObjectNode) t.at("/intent/0")).put("role", "holdout"), "$.intent[0].role",
        "Unknown split role 'holdout'; expected train, validation or test");
    expect(t -> ((ArrayNode) t.at("/intent/0/classification/confusion/counts")).remove(1),
        "$.intent[0].classification.confusion", "confusion matrix has 1 rows for 2 labels");
  }

  @Test
  void schemaVersionIsCheckedBeforeTheFields() throws Exception {
    ObjectNode t = tree(full(1, 0.5));
    t.put("schemaVersion", 2);
    t.put("fromTheFuture", true);
    assertThatThrownBy(() -> EvalJson.fromJson(t.toString(), "new.json"))
        .isInstanceOfSatisfying(ReportFormatException.class, e -> {
          assertThat(e.path()).isEqualTo("$.schemaVersion");
          assertThat(e.problem()).isEqualTo("is 2; this library reads schemaVersion 1 (upgrade IntentOps to read "
              + "schemaVersion 2)");
          assertThat(e.getMessage()).startsWith("Eval report new.json: $.schemaVersion: is 2");
        });
    t.remove("schemaVersion");
    assertThatThrownBy(() -> EvalJson.fromJson(t.toString(), "x")).isInstanceOf(ReportFormatException.class)
        .hasMessage("Eval report x: $.schemaVersion: missing");
    assertThatThrownBy(() -> EvalJson.fromJson("[1]", "x")).hasMessage("Eval report x: expected an object, got array");
    assertThatThrownBy(() -> EvalJson.fromJson("", "x")).hasMessage("Eval report x: is empty");
  }

  @Test
  void syntaxErrorsDuplicatesAndBindingErrorsCarryLineAndColumn() throws Exception {
    assertThatThrownBy(() -> EvalJson.fromJson("{\"schemaVersion\": 1,", "broken.json"))
        .isInstanceOfSatisfying(ReportFormatException.class, e -> {
          assertThat(e.path()).isEqualTo("$");
          assertThat(e.problem()).startsWith("malformed JSON at line 1, column 21: ");
        });
    assertThatThrownBy(() -> EvalJson.fromJson("{\"schemaVersion\": 1, \"schemaVersion\": 1}", "dup.json"))
        .hasMessageContaining("malformed JSON at line 1").hasMessageContaining("Duplicate field 'schemaVersion'");
    assertThatThrownBy(() -> EvalJson.fromJson(EvalJson.toJson(full(1, 0.5)) + "{}", "two.json"))
        .isInstanceOfSatisfying(ReportFormatException.class, e -> assertThat(e.problem())
            .matches("malformed JSON at line \\d+, column \\d+: content after the end of the report"));
    String pretty = EvalJson.toJson(full(1, 0.5)).replace("\"javaVendor\" : \"vendor\"", "\"javaVendor\" : 7");
    assertThatThrownBy(() -> EvalJson.fromJson(pretty, "p.json"))
        .isInstanceOfSatisfying(ReportFormatException.class, e -> {
          assertThat(e.path()).isEqualTo("$.run.javaVendor");
          assertThat(e.problem()).matches("expected a string, got 7 \\(at line \\d+, column \\d+\\)");
        });
    assertThatThrownBy(() -> EvalJson.read(dir.resolve("none.json"))).isInstanceOf(ReportFormatException.class)
        .hasMessageEndingWith("none.json: not found");
    Files.writeString(dir.resolve("eval.json"), "{}");
    assertThatThrownBy(() -> EvalJson.read(dir.resolve("eval.json"))).hasMessageContaining("$.schemaVersion: missing");
  }

  private static void expect(Consumer<ObjectNode> edit, String path, String problem) throws Exception {
    ObjectNode t = tree(full(1, 0.5));
    edit.accept(t);
    assertThatThrownBy(() -> EvalJson.fromJson(t.toString(), "edited.json")).as(path)
        .isInstanceOfSatisfying(ReportFormatException.class, e -> {
          assertThat(e.path()).isEqualTo(path);
          assertThat(e.problem()).contains(problem);
          assertThat(e.source()).isEqualTo("edited.json");
          assertThat(e.getMessage()).startsWith("Eval report edited.json: " + path + ": ");
        });
  }

  /** Paths of every object field, skipping map entries (their keys are data, not schema). */
  private static void collect(JsonNode n, String at, List<String> out) {
    if (n.isObject()) {
      boolean map = at.endsWith(".perClass") || at.endsWith(".perType");
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = at + "." + e.getKey();
        if (!map) {
          out.add(p);
        }
        collect(e.getValue(), p, out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private static void remove(ObjectNode root, String path) {
    int cut = path.lastIndexOf('.');
    String parent = path.substring(1, cut).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    ((ObjectNode) root.at(parent)).remove(path.substring(cut + 1));
  }
}
