package io.intentops.governance.report;

/**
 * An eval.json in the eval harness's schema (complete: the strict {@code EvalJson} reader accepts it) for
 * governance tests; the numbers are fixture inputs, not measured results.
 */
public final class EvalJsonFixtures {
  private EvalJsonFixtures() {}

  /** Models {@code b77} (intent, 1.0.0-1) and {@code ner} (NER, 2.0.0-1); no fairness flags. */
  public static String evalJson() {
    return """
        {"schemaVersion": 1, "createdAt": "2026-11-23T10:00:00Z",
         "run": {"codeCommit": "0123456789abcdef0123456789abcdef01234567", "javaVersion": "17", "javaVendor": "v",
                 "vmName": "vm", "os": "Linux 6", "arch": "amd64", "cpuModel": null, "availableProcessors": 2,
                 "maxHeapBytes": 1073741824, "startedAt": "2026-11-23T09:59:00Z", "wallSeconds": 60.0},
         "models": [
           {"name": "b77", "version": "1.0.0-1", "task": "intent", "manifestSha256": "%1$s"},
           {"name": "ner", "version": "2.0.0-1", "task": "ner", "manifestSha256": "%1$s"}],
         "intent": [{"role": "test",
           "dataset": {"name": "banking77", "split": "test", "examples": 300, "labels": ["a", "b", "c"],
                       "fileSha256": "%1$s", "canonicalSha256": "%1$s", "source": "s", "license": "CC BY 4.0"},
           "classification": {"examples": 300, "accuracy": {"estimate": 0.94, "lower": 0.92, "upper": 0.96, "level": 0.95,
               "resamples": 1000, "seed": 2025}, "perClass": {}, "macroPrecision": 0.9, "macroRecall": 0.9,
               "macroF1": 0.93, "weightedF1": 0.94,
               "confusion": {"labels": ["a", "b", "c"], "counts": [[98, 2, 0], [5, 95, 0], [0, 11, 89]]}},
           "calibration": {"bins": [], "ece": 0.02, "mce": 0.1, "predictions": 300},
           "timing": {"examples": 300, "wallSeconds": 1.0, "examplesPerSecond": 300.0, "batchSize": 32},
           "slices": {"minExamples": 100, "flagMargin": 0.05, "overallAccuracy": 0.94, "disparity": 0.06,
             "disparityFamily": "length", "flags": [],
             "slices": [
               {"family": "length", "name": "length.short", "definition": "1-6 words", "examples": 120,
                "accuracy": {"estimate": 0.90, "lower": 0.85, "upper": 0.95, "level": 0.95, "resamples": 1000, "seed": 2025},
                "ece": 0.03, "eligible": true},
               {"family": "length", "name": "length.long", "definition": "13+ words", "examples": 180,
                "accuracy": {"estimate": 0.96, "lower": 0.93, "upper": 0.98, "level": 0.95, "resamples": 1000, "seed": 2025},
                "ece": 0.01, "eligible": true}]}}],
         "oos": {
           "inScope": {"name": "banking77", "split": "test", "examples": 300, "labels": [], "fileSha256": "%1$s",
                       "canonicalSha256": "%1$s", "source": "s", "license": "CC BY 4.0"},
           "outOfScope": {"name": "clinc150", "split": "oos_test", "examples": 100, "labels": ["oos"], "fileSha256": "%1$s",
                          "canonicalSha256": "%1$s", "source": "s", "license": "CC BY 3.0"},
           "auroc": {"estimate": 0.97, "lower": 0.95, "upper": 0.99, "level": 0.95, "resamples": 1000, "seed": 2025},
           "aupr": 0.9, "fprAt95Tpr": 0.08, "roc": [{"threshold": "Infinity", "fpr": 0, "tpr": 0}],
           "atThreshold": {"threshold": 0.2, "inScopeAccuracy": 0.9, "oosRecall": 0.9, "oosPrecision": 0.8,
                           "inScopeFlaggedRate": 0.04, "overallAccuracy": 0.9, "inScope": 300, "outOfScope": 100},
           "timing": {"examples": 400, "wallSeconds": 1, "examplesPerSecond": 400, "batchSize": 32}},
         "ner": [{"role": "test",
           "dataset": {"name": "wnut17", "split": "emerging.test", "examples": 50, "labels": ["person"], "fileSha256": "%1$s",
                       "canonicalSha256": "%1$s", "source": "s", "license": "CC BY 4.0"},
           "scores": {"mode": "CONLLEVAL", "precision": 0.6, "recall": 0.4, "f1": 0.48, "correct": 4, "predicted": 7,
                      "gold": 10, "tokenPrecision": 0.6, "tokenRecall": 0.4, "tokenMicroF1": 0.48, "tokenAccuracy": 0.9,
                      "perType": {"person": {"precision": 0.7, "recall": 0.5, "f1": 0.58, "correct": 3, "predicted": 4, "support": 6},
                                  "product": {"precision": 0.3, "recall": 0.25, "f1": 0.27, "correct": 1, "predicted": 3, "support": 4},
                                  "group": {"precision": 0, "recall": 0, "f1": 0, "correct": 0, "predicted": 0, "support": 0}}},
           "f1": {"estimate": 0.48, "lower": 0.40, "upper": 0.55, "level": 0.95, "resamples": 1000, "seed": 2025},
           "timing": {"examples": 50, "wallSeconds": 1, "examplesPerSecond": 50, "batchSize": 32}}]}
        """.formatted("a".repeat(64));
  }
}
