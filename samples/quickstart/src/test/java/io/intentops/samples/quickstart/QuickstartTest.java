package io.intentops.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.models.ReferenceModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the quickstart's main method once and checks what it printed. */
class QuickstartTest {
  private static final String CANDIDATE = Quickstart.CANDIDATE.toString();
  private static final String STABLE = ReferenceModels.banking77IntentManifest().version().toString();
  private static String output = "";
  private static List<String> lines = List.of();

  @BeforeAll
  static void runMain() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      Quickstart.main(new String[0]); // returning normally is the "exit 0" of the sample
    } finally {
      System.setOut(original);
    }
    output = buf.toString(StandardCharsets.UTF_8);
    lines = Arrays.asList(output.split("\\R"));
  }

  @Test
  void classifiesInScopeQueriesAndFlagsOutOfScopeOnes() {
    assertThat(line("\"I still haven't received my new card\"")).contains("-> card_arrival");
    assertThat(line("\"I think someone stole my card\"")).contains("-> lost_or_stolen_card");
    assertThat(line("\"what's the weather in Paris\"")).contains("OUT OF SCOPE");
    assertThat(line("\"can you recommend a good pizza place nearby\"")).contains("OUT OF SCOPE");
    assertThat(line("\"my top-up was declined again\"")).doesNotContain("OUT OF SCOPE");
  }

  @Test
  void extractsEntitiesWithTheReferenceNerBundle() {
    assertThat(output).contains("2. Entity extraction").contains("3. Canary");
    // The WNUT-17 reference bundle finds the person and the city in the demo tweets.
    assertThat(output).contains("bundle 'wnut17-ner'");
    assertThat(lines.stream().filter(l -> l.contains("person") && l.contains("\"Sarah\""))).hasSize(1);
    assertThat(lines.stream().filter(l -> l.contains("location") && l.contains("\"Chicago\""))).hasSize(1);
  }

  @Test
  void canaryStartsAtTenPercentAndIsRolledBackAfterBreachingWindows() {
    assertThat(line("green (candidate) " + CANDIDATE)).contains("weight  1000 bps").contains("canary at 10 %");
    // The default judge at 2 requests/s: healthy before the degradation, BREACHING after it, then the rollback.
    assertThat(lines.stream().filter(l -> l.contains("verdict") && l.contains("green " + CANDIDATE)
        && l.contains("HEALTHY"))).isNotEmpty();
    assertThat(line("ALARM    " + CANDIDATE)).contains("Canary judge").contains("BREACHING");
    assertThat(line("ROLLBACK " + CANDIDATE)).contains("weight 1000 -> 0 bps").contains("ROLLED_BACK")
        .contains("now serves 10000 bps");
    assertThat(output).contains("after the rollback 200 of 200 requests were answered by " + STABLE);
    // The alarm comes after the degradation and the breaching windows, never before.
    assertThat(output.indexOf("HEALTHY")).isLessThan(output.indexOf("degrades"));
    assertThat(output.indexOf("degrades")).isLessThan(output.indexOf("BREACHING"));
    assertThat(output.indexOf("BREACHING")).isLessThan(output.indexOf("ALARM"));
  }

  @Test
  void printsTheAuditTrailAndFinishes() {
    assertThat(output).contains("4. Audit trail");
    int started = output.indexOf("router.rollout_started");
    int rolledBack = output.indexOf("router.rolled_back");
    assertThat(started).isPositive().isLessThan(rolledBack);
    assertThat(output.indexOf("quickstart.traffic_check")).isGreaterThan(rolledBack);
    assertThat(line("verify(): ")).contains("valid=true, 3 entries");
    assertThat(line("after editing one recorded weight")).contains("valid=false").contains("first bad entry #1");
    assertThat(lines.get(lines.size() - 1)).startsWith("Done in");
  }

  private static String line(String needle) {
    return lines.stream().filter(l -> l.contains(needle)).findFirst()
        .orElseThrow(() -> new AssertionError("no line contains " + needle + " in:\n" + output));
  }
}
