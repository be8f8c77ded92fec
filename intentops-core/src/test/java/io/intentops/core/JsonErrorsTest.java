package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
  private static final ObjectMapper M = new ObjectMapper();

  record Leaf(int n) {}

  record Holder(List<Map<String, Leaf>> items, Checksum digest) {}

  @Test
  void locationIsLineAndColumnOrNothing() {
    JacksonException e = catchThrowableOfType(JacksonException.class, () -> M.readTree("{\n  \"a\": }"));
    assertThat(JsonErrors.location(e)).isEqualTo(" at line 2, column 8");
    JacksonException noText = catchThrowableOfType(JacksonException.class,
        () -> M.treeToValue(M.readTree("{\"n\": \"x\"}"), Leaf.class));
    assertThat(JsonErrors.location(noText)).isEmpty();
  }

  @Test
  void pathFollowsTheReferenceChainAndQuotesOddNames() throws Exception {
    String json = "{\"items\": [{}, {\"card arrival\": {\"n\": \"many\"}}], \"digest\": \"" + "a".repeat(64) + "\"}";
    JacksonException e = catchThrowableOfType(JacksonException.class, () -> M.readValue(json, Holder.class));
    assertThat(JsonErrors.path(e)).isEqualTo("$.items[1][\"card arrival\"].n");
    JacksonException syntax = catchThrowableOfType(JacksonException.class, () -> M.readTree("[1,"));
    assertThat(JsonErrors.path(syntax)).isEqualTo("$");
    assertThat(JsonErrors.child("ok_name1")).isEqualTo(".ok_name1");
    assertThat(JsonErrors.child("say \"hi\"")).isEqualTo("[\"say \\\"hi\\\"\"]");
  }

  @Test
  void reasonPrefersTheMessageOfTheRuleThatWasBroken() {
    JacksonException bad = catchThrowableOfType(JacksonException.class,
        () -> M.readValue("{\"items\": [], \"digest\": \"xyz\"}", Holder.class));
    assertThat(JsonErrors.reason(bad)).isEqualTo("SHA-256 digest must be 64 lower-case hex characters, got 'xyz'");
    JacksonException plain = catchThrowableOfType(JacksonException.class, () -> M.readTree("[1,"));
    assertThat(JsonErrors.reason(plain)).isEqualTo(plain.getOriginalMessage()).doesNotContain("line: ");
  }
}
