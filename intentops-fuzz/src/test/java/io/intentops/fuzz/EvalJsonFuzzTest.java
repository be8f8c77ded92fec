package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.ModelInfo;
import io.intentops.governance.report.EvalReportAdapter;

/**
 * Fuzzes the one {@code eval.json} reader ({@link EvalJson#fromJson(byte[], String)}) and the governance
 * mapping on top of it: any bytes give a report or a typed rejection; an accepted report survives the
 * {@code toJson} → {@code fromJson} round trip unchanged, and mapping it for each of its models gives a
 * governance report or a typed rejection (a missing intent test section, non-finite metrics).
 */
class EvalJsonFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void evalJson(byte[] in) {
    EvalReport r = Typed.resultOrRejection(() -> EvalJson.fromJson(in, "fuzz-eval.json"));
    if (r == null) {
      return;
    }
    assertThat(r.schemaVersion()).isEqualTo(EvalReport.SCHEMA_VERSION);
    assertThat(EvalJson.fromJson(EvalJson.toJson(r), "round-trip")).isEqualTo(r);
    for (ModelInfo m : r.models()) {
      var g = Typed.resultOrRejection(() -> EvalReportAdapter.defaults().adapt(in, "fuzz-eval.json", m.name()));
      if (g != null) {
        assertThat(g.metric("metrics.risk_score")).isPresent();
      }
    }
  }
}
