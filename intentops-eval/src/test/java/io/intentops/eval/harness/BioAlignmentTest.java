package io.intentops.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BioAlignmentTest {
  private static NerResult result(Entity... e) {
    return new NerResult(List.of(e), ModelVersion.of(1, 0, 0, 0), Duration.ZERO, false);
  }

  private static Entity ent(String text, String type, int start, int end) {
    return new Entity(type, start, end, text.substring(start, end), 0.5);
  }

  @Test
  void multiTokenAndAdjacentEntities() {
    List<String> tokens = List.of("Empire", "State", "Building", "and", "Paul", "Anna");
    String text = BioAlignment.join(tokens);
    assertThat(text).isEqualTo("Empire State Building and Paul Anna");
    assertThat(BioAlignment.tokenStarts(tokens)).containsExactly(0, 7, 13, 22, 26, 31);
    var tags = BioAlignment.toBio(tokens, result(ent(text, "location", 0, 21), ent(text, "person", 26, 30), ent(text, "person", 31, 35)));
    assertThat(tags).containsExactly("B-location", "I-location", "I-location", "O", "B-person", "B-person");
  }

  @Test
  void partialOverlapTagsTheWholeTokenAndNoEntitiesGiveO() {
    List<String> tokens = List.of("@paulwalk", "rocks", "!");
    String text = BioAlignment.join(tokens);
    // The model found "paulwalk" inside the first token and "ck" inside the second.
    var tags = BioAlignment.toBio(tokens, result(ent(text, "person", 1, 9), ent(text, "product", 13, 15)));
    assertThat(tags).containsExactly("B-person", "B-product", "O");
    assertThat(BioAlignment.toBio(tokens, result())).containsExactly("O", "O", "O");
  }

  @Test
  void entityCoveringTheSpaceBetweenTokensStaysOneEntity() {
    List<String> tokens = List.of("New", "York", "City");
    String text = BioAlignment.join(tokens);
    var tags = BioAlignment.toBio(tokens, result(ent(text, "location", 4, 13)));
    assertThat(tags).containsExactly("O", "B-location", "I-location");
  }
}
