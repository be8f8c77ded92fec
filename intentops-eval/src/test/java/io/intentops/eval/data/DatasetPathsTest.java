package io.intentops.eval.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DatasetPathsTest {

  @Test
  void propertyWinsOverEnvWhichWinsOverDefault() {
    assertThat(DatasetPaths.root(Map.of(DatasetPaths.PROPERTY, "/a"), Map.of(DatasetPaths.ENV, "/b")))
        .isEqualTo(Path.of("/a"));
    assertThat(DatasetPaths.root(Map.of(), Map.of(DatasetPaths.ENV, "/b"))).isEqualTo(Path.of("/b"));
    assertThat(DatasetPaths.root(Map.of(), Map.of()))
        .isEqualTo(Path.of(DatasetPaths.DEFAULT_ROOT).toAbsolutePath().normalize());
  }

  @Test
  void sharedDatasetsArePresentWhenConfigured() {
    var f = DatasetPaths.requireInCi("banking77/train.csv");
    Assumptions.assumeTrue(f.isPresent(), DatasetPaths.HOW_TO_GET);
    assertThat(f.get()).isRegularFile();
    assertThat(DatasetPaths.requireInCi("wnut17/wnut17train.conll")).isPresent();
    assertThat(DatasetPaths.requireInCi("clinc150/data_full.json")).isPresent();
  }
}
