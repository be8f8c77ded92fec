package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Clock;
import io.intentops.core.report.ExplanationSection;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.harness.EvalProgress;
import io.intentops.eval.report.EvalReports;
import io.intentops.inference.explain.ExplanationMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Occlusion explanations of the reference BANKING77 bundle are faithful on a seeded 16-text subset of the
 * test split: removing the top words hurts the prediction more than removing random words (the full-split
 * numbers are in docs/explanations.md, from {@link ExplanationFaithfulness}).
 */
class ExplanationFaithfulnessTest {
  @Test
  void occlusionBeatsTheRandomBaselineOnASeededSubset(@TempDir Path out) throws Exception {
    Optional<Path> csv = DatasetPaths.requireInCi("banking77/test.csv");
    Assumptions.assumeTrue(csv.isPresent(), DatasetPaths.HOW_TO_GET);
    ExplanationFaithfulness.Result r = ExplanationFaithfulness.run(DatasetReaders.banking77(csv.get()), 16,
        ExplanationMethod.OCCLUSION, 2, out, EvalProgress.NONE, Clock.system());
    ExplanationSection s = r.report().explanations();
    assertThat(s).isNotNull();
    assertThat(s.dataset().examples()).isEqualTo(16);
    assertThat(s.examples() + s.skipped()).isEqualTo(16);
    assertThat(s.comprehensivenessGain().lower()).as("comprehensiveness gain over random").isGreaterThan(0.1);
    assertThat(s.sufficiencyGain().lower()).as("sufficiency gain over random").isGreaterThan(0.0);
    assertThat(r.report().intent()).hasSize(1);
    assertThat(Files.readString(out.resolve(EvalReports.HTML_FILE))).contains("Explanations");
  }
}
