package io.intentops.fuzz.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/bad-inputs.md} is exactly what the catalogue renders now. With
 * {@code -Dintentops.updateDocs=true} the file is rewritten instead (and the test then passes).
 */
class BadInputsDocTest {
  /** Surefire runs in the module directory; the doc lives in the repository's docs/. */
  static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/bad-inputs.md");

  @Test
  void committedDocMatchesTheCatalogue() throws IOException {
    List<BadInput> cases = Catalogue.cases();
    Map<String, BadInput.Outcome> outcomes = new LinkedHashMap<>();
    for (BadInput c : cases) {
      outcomes.put(c.id(), c.execute());
    }
    String rendered = BadInputsDoc.render(cases, outcomes);
    if (Boolean.getBoolean("intentops.updateDocs")) {
      Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("generated doc; regenerate with -Dintentops.updateDocs=true").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("%s is stale; regenerate with -Dintentops.updateDocs=true", DOC)
        .isEqualTo(rendered);
  }
}
