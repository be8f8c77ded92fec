package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared test inputs. The metric values are fixture inputs, not measured results. */
final class Fixtures {
  static final String MODEL = "banking77-intent";
  static final ModelVersion V1 = ModelVersion.parse("1.0.0-1");
  static final ModelVersion V2 = ModelVersion.parse("1.1.0-2");
  static final ModelVersion V3 = ModelVersion.parse("1.2.0-3");

  /** A report that meets every threshold of the default policy. */
  static final String PASSING_REPORT = """
      {
        "model": {"name": "banking77-intent", "version": "1.0.0-1", "task": "intent"},
        "metrics": {
          "accuracy": {"value": 0.93, "ci_lower": 0.92, "ci_upper": 0.94},
          "bias_disparity": 0.05,
          "risk_score": 0.12,
          "fairness_flags": 0,
          "banking77": {"accuracy": {"value": 0.931, "ci_lower": 0.922, "ci_upper": 0.940}, "macro_f1": 0.93},
          "wnut17": {"entity_f1": 0.47},
          "oos": {"auroc": 0.91, "recall": 0.80},
          "ece": 0.021
        },
        "slices": {"short_texts": {"accuracy": 0.91}, "long_texts": {"accuracy": 0.95}},
        "risks": ["confuses card_arrival and card_delivery_estimate"]
      }
      """;

  /** The passing report with BANKING77 accuracy under the 0.92 floor. */
  static final String FAILING_REPORT = PASSING_REPORT.replace("\"value\": 0.931", "\"value\": 0.901");

  private Fixtures() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ManualClock clock() {
    return ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));
  }

  static Governance governance(Path dir, ManualClock clock) {
    return Governance.builder().directory(dir).clock(clock).build();
  }

  static VersionEntry register(Governance g, ModelVersion v) {
    return g.registry().register(MODEL, v, Checksum.sha256("bundle " + v), Map.of("banking77/train.csv",
        Checksum.sha256("train")), "/bundles/" + MODEL + "/" + v, "alice");
  }

  /** Registers, attaches the passing report, moves to CANARY, gets both approvals. */
  static void approvedCanary(Governance g, ModelVersion v) {
    register(g, v);
    g.registry().attachEvalReport(MODEL, v, bytes(PASSING_REPORT), "alice");
    g.registry().transition(MODEL, v, Stage.CANDIDATE, "alice", "ready");
    g.registry().transition(MODEL, v, Stage.CANARY, "alice", "canary 5%");
    g.approvals().request(MODEL, v, "alice");
    g.approvals().decide(MODEL, v, Decision.of("bob", "ML_LEAD", true, "metrics above floors"));
    g.approvals().decide(MODEL, v, Decision.of("carol", "PRODUCT_OWNER", true, "behaviour reviewed"));
  }

  static ReleaseRequest release(String tag) {
    return ReleaseRequest.builder().actor("dave").codeCommit("0123abc").tag(tag)
        .configDigest(Checksum.sha256("config " + tag)).deploymentUrl("https://deploy.example/" + tag)
        .reason("release " + tag).build();
  }

  static ModelManifest manifest(ModelVersion v) {
    return new ModelManifest(ModelManifest.CURRENT_FORMAT, MODEL, v, Task.INTENT,
        new ModelManifest.EncoderRef("bge-small-en-v1.5", "classpath:/bge-small-en-v15.onnx", Checksum.sha256("enc"),
            "mean", 128),
        Checksum.sha256("tok"), List.of("card_arrival", "lost_or_stolen_card"), 1.37,
        new ModelManifest.OosConfig("knn-cosine", 0.31, 0.95, Map.of("k", 10.0)),
        Map.of("head.safetensors", Checksum.sha256("w")),
        Map.of("banking77/train.csv", Checksum.sha256("d"), "clinc150/data_full.json", Checksum.sha256("c")),
        Map.of("banking77.test.accuracy", 0.931), Instant.parse("2026-11-23T09:00:00Z"), 2025, Map.of("commit", "0123abc"));
  }
}
