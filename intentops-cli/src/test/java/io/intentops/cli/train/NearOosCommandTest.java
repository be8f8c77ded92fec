package io.intentops.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.cli.CliRun;
import io.intentops.cli.ExitCodes;
import io.intentops.core.ModelManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** near-oos and the robust train-intent options on a toy 4-intent CSV with the INT8 encoder. */
class NearOosCommandTest {
  static final String[][] ROWS = {
      {"my card has not arrived", "card"}, {"when will my card come", "card"}, {"card still missing", "card"},
      {"where is my new card", "card"}, {"the card never showed up", "card"}, {"has my card been sent", "card"},
      {"what is the exchange rate", "rate"}, {"euro to dollar rate", "rate"}, {"which rate do you use", "rate"},
      {"currency conversion rate", "rate"}, {"how much is one pound in euros", "rate"}, {"fx rate today", "rate"},
      {"i forgot my pin", "pin"}, {"how do i reset my pin", "pin"}, {"change my pin number", "pin"},
      {"pin is blocked", "pin"}, {"where can i see my pin", "pin"}, {"new pin please", "pin"},
      {"top up failed", "topup"}, {"my top up did not work", "topup"}, {"cannot add money", "topup"},
      {"top-up declined", "topup"}, {"why was my top up rejected", "topup"}, {"adding funds failed", "topup"}};

  static Path csv(Path dir, String name, int from, int to) throws Exception {
    StringBuilder sb = new StringBuilder("text,label\n");
    for (int i = 0; i < ROWS.length; i++) {
      int k = i % 6;
      if (k >= from && k < to) {
        sb.append('"').append(ROWS[i][0]).append("\",").append(ROWS[i][1]).append('\n');
      }
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void nearOosPrintsEveryDrawAndWritesJsonAndTrainIntentTakesTheRobustOptions(@TempDir Path tmp) throws Exception {
    Path train = csv(tmp, "train.csv", 0, 4);
    Path test = csv(tmp, "test.csv", 4, 6);
    CliRun cli = new CliRun();
    int code = cli.run("near-oos", "--data", train.toString(), "--test", test.toString(), "--held-out", "1", "--draws", "2",
        "--encoder", "bge-small-en-v1.5-q", "--threads", "1", "--embedding-cache", tmp.resolve("cache").toString(),
        "--out", tmp.resolve("near.json").toString(), "--no-progress");
    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("draw 1: AUROC").contains("draw 2: AUROC")
        .contains("near-OOS knn-cosine, 1 intents held out, 2 draws (seed 2025): AUROC mean");
    assertThat(Files.readString(tmp.resolve("near.json"))).contains("\"meanAuroc\"").contains("\"heldOut\"");

    code = cli.run("train-intent", "--data", train.toString(), "--out", tmp.resolve("b").toString(), "--encoder",
        "bge-small-en-v1.5-q", "--iterations", "100", "--threads", "1", "--oos-method", "mahalanobis", "--augment", "1",
        "--perturbed-validation", "--embedding-cache", tmp.resolve("cache").toString(), "--no-progress");
    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("OOS         mahalanobis threshold").contains("Typos (val) accuracy");
    assertThat(ModelManifests.read(tmp.resolve("b/manifest.json")).oos().method()).isEqualTo("mahalanobis");

    assertThat(cli.run("near-oos", "--data", train.toString(), "--test", test.toString(), "--held-out", "3",
        "--encoder", "bge-small-en-v1.5-q", "--no-progress")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Held-out intents must be in [1, 2]");
  }
}
