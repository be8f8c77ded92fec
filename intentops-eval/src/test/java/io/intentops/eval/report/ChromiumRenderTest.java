package io.intentops.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.report.EvalReport;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium: the DOM Chromium builds must hold every chart with all its
 * marks, and a screenshot must show them (blue heat-map/ROC/reliability marks, green bars). Skipped
 * when /usr/bin/chromium is absent (install with {@code apt-get install -y chromium}).
 */
@Tag("chromium")
class ChromiumRenderTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path dir;

  private String chromium(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout-" + System.nanoTime());
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    if (!p.waitFor(25, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 25 s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void reportChartsRenderInHeadlessChromium() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium not installed at " + CHROMIUM + "; skipping");
    EvalReport report = ReportFixtures.report(8, 0.75, 11);
    EvalReports.write(report, dir);
    Path html = dir.resolve(EvalReports.HTML_FILE);
    String source = Files.readString(html);
    String dom = chromium("--dump-dom", html.toUri().toString());
    for (String chart : List.of("chart-confusion", "chart-roc", "chart-reliability", "chart-bars")) {
      assertThat(dom).contains("class=\"" + chart + "\"");
    }
    assertThat(count(dom, "class=\"cell\"")).isEqualTo(count(source, "class=\"cell\"")).isPositive();
    assertThat(count(dom, "class=\"bar\"")).isEqualTo(count(source, "class=\"bar\"")).isPositive();
    assertThat(count(dom, "<polyline class=\"roc\"")).isEqualTo(1);

    Path png = dir.resolve("shot.png");
    chromium("--screenshot=" + png, "--window-size=1200,2600", "--hide-scrollbars", html.toUri().toString());
    assertThat(png).isNotEmptyFile();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1200);
    Set<Integer> colours = new HashSet<>();
    int blue = 0;
    int green = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        blue += b > r + 60 && b > g + 20 ? 1 : 0;
        green += g > r + 40 && g > b + 20 ? 1 : 0;
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    assertThat(blue).as("blue chart pixels").isGreaterThan(500);
    assertThat(green).as("green bar pixels").isGreaterThan(200);
  }

  private static int count(String s, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
