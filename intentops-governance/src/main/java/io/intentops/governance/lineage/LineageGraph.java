package io.intentops.governance.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.VersionEntry;
import io.intentops.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The lineage of one registered version: dataset digests → training run → bundle → eval report →
 * releases → deployments. Built from the registry ({@link #of}); nodes carry digests so that each link
 * can be checked against the files. Exports: {@link #toJson()}, {@link #toDot()} (Graphviz) and
 * {@link #toSvg()} (a layered drawing rendered here, no Graphviz needed). Immutable and thread-safe.
 *
 * @param model model name
 * @param version version
 * @param nodes nodes in layer order (datasets first)
 * @param edges edges between node ids
 */
public record LineageGraph(String model, ModelVersion version, List<Node> nodes, List<Edge> edges) {
  public LineageGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** What a node stands for, in layer order (left to right in the drawing). */
  public enum Kind {
    /** A training dataset file, by digest. */
    DATASET,
    /** The training run that produced the bundle (from the manifest: creation time, seed, commit). */
    TRAINING_RUN,
    /** The bundle, by manifest digest. */
    BUNDLE,
    /** The eval report attached to the version, by digest. */
    EVAL_REPORT,
    /** A release record (promotion, rollback or correction). */
    RELEASE,
    /** Where a release went (its deployment URL and configuration digest). */
    DEPLOYMENT
  }

  /**
   * One node. Immutable.
   *
   * @param id stable id, e.g. {@code dataset:banking77/train.csv}
   * @param kind what it is
   * @param label short text for drawings
   * @param attributes digests and other facts, sorted by key
   */
  public record Node(String id, Kind kind, String label, Map<String, String> attributes) {
    public Node {
      attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
  }

  /**
   * One edge. Immutable.
   *
   * @param from source node id
   * @param to target node id
   * @param relation e.g. {@code trained_on}, {@code produced}, {@code evaluated_by}, {@code released_as}
   */
  public record Edge(String from, String to, String relation) {}

  /**
   * The lineage of {@code model@version} from the registry. The training-run node comes from the bundle
   * manifest at the version's location when it is readable there (its digest must match the
   * registered bundle digest); otherwise it says the manifest was not available.
   *
   * @throws InvalidInputException when the version is not registered
   */
  public static LineageGraph of(Registry registry, String model, ModelVersion version) {
    VersionEntry e = registry.version(model, version).orElseThrow(() -> new InvalidInputException(
        InvalidInputException.Reason.INVALID_ARGUMENT, "Unknown model version " + model + "@" + version));
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    String run = "run:" + e.subject();
    String bundle = "bundle:" + e.bundleDigest().hex();
    for (Map.Entry<String, Checksum> d : e.datasetDigests().entrySet()) {
      String id = "dataset:" + d.getKey();
      nodes.add(new Node(id, Kind.DATASET, d.getKey(), Map.of("sha256", d.getValue().hex())));
      edges.add(new Edge(id, run, "trained_on"));
    }
    Map<String, String> runAttrs = new LinkedHashMap<>();
    ModelManifest m = manifest(e);
    if (m != null) {
      runAttrs.put("created_at", m.createdAt().toString());
      runAttrs.put("seed", Long.toString(m.seed()));
      runAttrs.put("encoder", m.encoder().id());
      m.properties().forEach((k, v) -> runAttrs.put(k, v));
    } else {
      runAttrs.put("manifest", "not readable at " + e.location());
    }
    nodes.add(new Node(run, Kind.TRAINING_RUN, "training run " + e.version(), runAttrs));
    nodes.add(new Node(bundle, Kind.BUNDLE, e.subject(), Map.of("manifest_sha256", e.bundleDigest().hex(),
        "location", e.location(), "stage", e.stage().name())));
    edges.add(new Edge(run, bundle, "produced"));
    if (e.evalReportDigest() != null) {
      String rep = "eval:" + e.evalReportDigest().hex();
      nodes.add(new Node(rep, Kind.EVAL_REPORT, "eval report " + e.evalReportDigest().hex().substring(0, 12),
          Map.of("sha256", e.evalReportDigest().hex())));
      edges.add(new Edge(bundle, rep, "evaluated_by"));
    }
    List<Node> deployments = new ArrayList<>();
    for (ReleaseRecord r : registry.releases(model)) {
      if (!r.version().equals(version)) {
        continue;
      }
      String rid = "release:" + r.releaseId();
      Map<String, String> a = new LinkedHashMap<>();
      a.put("kind", r.kind().name());
      a.put("timestamp", r.timestamp().toString());
      a.put("actor", r.actor());
      a.put("tag", r.tag());
      a.put("code_commit", r.codeCommit());
      a.put("approvals", String.join(",", r.approvalIds()));
      if (r.breakGlassId() != null) {
        a.put("break_glass", r.breakGlassId());
      }
      if (r.corrects() != null) {
        a.put("corrects", r.corrects());
      }
      nodes.add(new Node(rid, Kind.RELEASE, r.releaseId() + " " + r.kind().name().toLowerCase(Locale.ROOT), a));
      edges.add(new Edge(r.evalReportDigest() != null ? "eval:" + r.evalReportDigest().hex() : bundle, rid,
          "released_as"));
      if (r.kind() != ReleaseKind.CORRECTION && (r.deploymentUrl() != null || r.configDigest() != null)) {
        String did = "deployment:" + r.releaseId();
        Map<String, String> da = new LinkedHashMap<>();
        if (r.deploymentUrl() != null) {
          da.put("url", r.deploymentUrl());
        }
        if (r.configDigest() != null) {
          da.put("config_sha256", r.configDigest().hex());
        }
        deployments.add(new Node(did, Kind.DEPLOYMENT, r.deploymentUrl() != null ? r.deploymentUrl() : "deployment",
            da));
        edges.add(new Edge(rid, did, "deployed_to"));
      }
    }
    nodes.addAll(deployments);
    return new LineageGraph(model, version, nodes, edges);
  }

  private static @Nullable ModelManifest manifest(VersionEntry e) {
    try {
      Path f = Path.of(e.location()).resolve("manifest.json");
      if (!Files.isRegularFile(f) || !Checksum.sha256(f).matches(e.bundleDigest())) {
        return null;
      }
      return ModelManifests.read(f);
    } catch (RuntimeException ex) {
      return null; // a URL or a moved bundle: the run node says so
    }
  }

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Pretty JSON: {@code {"model", "version", "nodes": [{id, kind, label, attributes}], "edges": [...]}}. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", model);
    root.put("version", version.toString());
    List<Map<String, Object>> ns = new ArrayList<>();
    for (Node n : nodes) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", n.id());
      o.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
      o.put("label", n.label());
      o.put("attributes", n.attributes());
      ns.add(o);
    }
    root.put("nodes", ns);
    List<Map<String, Object>> es = new ArrayList<>();
    for (Edge e : edges) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("from", e.from());
      o.put("to", e.to());
      o.put("relation", e.relation());
      es.add(o);
    }
    root.put("edges", es);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Graphviz DOT (left to right, one rank per {@link Kind}); render with {@code dot -Tsvg}. */
  public String toDot() {
    StringBuilder sb = new StringBuilder();
    sb.append("digraph lineage {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n");
    sb.append("  label=").append(dotString("lineage of " + model + "@" + version)).append(";\n");
    for (Kind k : Kind.values()) {
      List<Node> layer = nodes.stream().filter(n -> n.kind() == k).toList();
      if (layer.isEmpty()) {
        continue;
      }
      sb.append("  { rank=same;");
      for (Node n : layer) {
        sb.append(' ').append(dotString(n.id())).append(';');
      }
      sb.append(" }\n");
    }
    for (Node n : nodes) {
      StringBuilder label = new StringBuilder(n.kind().name().toLowerCase(Locale.ROOT)).append(": ").append(n.label());
      n.attributes().forEach((k, v) -> label.append("\n").append(k).append(" = ").append(abbrev(v)));
      sb.append("  ").append(dotString(n.id())).append(" [label=").append(dotString(label.toString()))
          .append(n.attributes().containsKey("break_glass") ? ", color=red, penwidth=2" : "").append("];\n");
    }
    for (Edge e : edges) {
      sb.append("  ").append(dotString(e.from())).append(" -> ").append(dotString(e.to())).append(" [label=")
          .append(dotString(e.relation())).append("];\n");
    }
    return sb.append("}\n").toString();
  }

  private static String abbrev(String v) {
    return v.matches("[0-9a-f]{64}") ? v.substring(0, 16) + "…" : v;
  }

  private static String dotString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static final int COL_W = 250;
  private static final int BOX_W = 220;
  private static final int LINE_H = 14;
  private static final int GAP = 20;

  /**
   * SVG drawing: one column per {@link Kind} present, boxes with the label and abbreviated attributes,
   * straight arrows for edges. Deterministic (the same graph gives the same bytes).
   */
  public String toSvg() {
    List<Kind> columns = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (nodes.stream().anyMatch(n -> n.kind() == k)) {
        columns.add(k);
      }
    }
    Map<String, int[]> box = new LinkedHashMap<>(); // id -> x, y, w, h
    int height = 0;
    for (int c = 0; c < columns.size(); c++) {
      int y = 40;
      for (Node n : nodes) {
        if (n.kind() != columns.get(c)) {
          continue;
        }
        int h = LINE_H * (2 + n.attributes().size()) + 8;
        box.put(n.id(), new int[] {10 + c * COL_W, y, BOX_W, h});
        y += h + GAP;
      }
      height = Math.max(height, y);
    }
    int width = 20 + columns.size() * COL_W;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"10\">\n");
    sb.append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
        + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n");
    sb.append("<text x=\"10\" y=\"20\" font-size=\"13\" font-weight=\"bold\">").append(xml("Lineage of " + model + "@"
        + version)).append("</text>\n");
    for (Edge e : edges) {
      int[] a = box.get(e.from());
      int[] b = box.get(e.to());
      if (a == null || b == null) {
        continue;
      }
      int x1 = a[0] + a[2];
      int y1 = a[1] + a[3] / 2;
      int x2 = b[0];
      int y2 = b[1] + b[3] / 2;
      sb.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"")
          .append(y2).append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"><title>").append(xml(e.relation()))
          .append("</title></line>\n");
    }
    for (Node n : nodes) {
      int[] r = box.get(n.id());
      boolean glass = n.attributes().containsKey("break_glass");
      sb.append("<g><rect x=\"").append(r[0]).append("\" y=\"").append(r[1]).append("\" width=\"").append(r[2])
          .append("\" height=\"").append(r[3]).append("\" rx=\"4\" fill=\"").append(fill(n.kind()))
          .append("\" stroke=\"").append(glass ? "#c00" : "#333").append("\" stroke-width=\"").append(glass ? 2 : 1)
          .append("\"/>\n");
      int ty = r[1] + LINE_H;
      sb.append("<text x=\"").append(r[0] + 6).append("\" y=\"").append(ty).append("\" font-weight=\"bold\">")
          .append(xml(clip(n.kind().name().toLowerCase(Locale.ROOT) + ": " + n.label()))).append("</text>\n");
      for (Map.Entry<String, String> a : n.attributes().entrySet()) {
        ty += LINE_H;
        sb.append("<text x=\"").append(r[0] + 6).append("\" y=\"").append(ty).append("\">")
            .append(xml(clip(a.getKey() + " = " + abbrev(a.getValue())))).append("</text>\n");
      }
      sb.append("</g>\n");
    }
    return sb.append("</svg>\n").toString();
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 39) + "…";
  }

  private static String fill(Kind k) {
    return switch (k) {
      case DATASET -> "#e8f0fe";
      case TRAINING_RUN -> "#fef7e0";
      case BUNDLE -> "#e6f4ea";
      case EVAL_REPORT -> "#f3e8fd";
      case RELEASE -> "#fce8e6";
      case DEPLOYMENT -> "#e0f7fa";
    };
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
