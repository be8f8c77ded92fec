package io.intentops.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.report.EvalReport;
import io.intentops.core.report.ReliabilityDiagram;
import io.intentops.core.report.RocPoint;
import io.intentops.eval.metrics.ClassificationMetrics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
  static Document parse(String svg) throws Exception {
    var f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> byClass(Document d, String tag, String cls) {
    NodeList nl = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nl.getLength(); i++) {
      Element e = (Element) nl.item(i);
      if (cls.equals(e.getAttribute("class"))) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void heatmapDrawsOneCellPerNonZeroCountWithEscapedLabels() throws Exception {
    var m = ClassificationMetrics.confusionMatrix(List.of("a<b", "a<b", "c&d", "e"), List.of("a<b", "c&d", "c&d", "a<b"));
    Document d = parse(SvgCharts.confusionHeatmap(m));
    List<Element> cells = byClass(d, "rect", "cell");
    assertThat(cells).hasSize(4); // (a<b,a<b) (a<b,c&d) (c&d,c&d) (e,a<b)
    assertThat(d.getDocumentElement().getTextContent()).contains("gold a<b, predicted c&d: 1");
    // Full-row cells are darkest: the e row has one cell holding the whole row.
    Element full = cells.stream().filter(c -> c.getTextContent().startsWith("gold e")).findFirst().orElseThrow();
    Element half = cells.stream().filter(c -> c.getTextContent().startsWith("gold a<b, predicted a<b")).findFirst().orElseThrow();
    assertThat(full.getAttribute("fill")).isEqualTo("#08306b");
    assertThat(Integer.parseInt(half.getAttribute("fill").substring(1, 3), 16)).isGreaterThan(8);
  }

  @Test
  void rocReliabilityAndBarsAreWellFormedAndScaled() throws Exception {
    Document roc = parse(SvgCharts.rocCurve(List.of(new RocPoint(Double.POSITIVE_INFINITY, 0, 0), new RocPoint(0.5, 0.5, 1),
        new RocPoint(0.1, 1, 1)), 0.75));
    String pts = byClass(roc, "polyline", "roc").get(0).getAttribute("points");
    assertThat(pts.split(" ")).hasSize(3);
    assertThat(pts).startsWith("45.00,310.00").endsWith("345.00,10.00");
    var rel = new ReliabilityDiagram(List.of(new ReliabilityDiagram.Bin(0, 0.5, 0, 0, 0), new ReliabilityDiagram.Bin(0.5, 1, 4, 0.5, 0.8)), 0.3, 0.3, 4);
    Document r = parse(SvgCharts.reliability(rel));
    List<Element> bins = byClass(r, "rect", "bin");
    assertThat(bins).hasSize(1);
    assertThat(Double.parseDouble(bins.get(0).getAttribute("height"))).isEqualTo(150.0);
    Map<String, Double> vals = new LinkedHashMap<>();
    vals.put("person", 0.5);
    vals.put("location", 1.0);
    Document b = parse(SvgCharts.bars(vals, "F1 <per> type"));
    List<Element> bars = byClass(b, "rect", "bar");
    assertThat(bars).extracting(e -> Double.parseDouble(e.getAttribute("width"))).containsExactly(150.0, 300.0);
  }

  @Test
  void pageIsSelfContainedAndHoldsEveryChart() throws Exception {
    EvalReport report = ReportFixtures.report(6, 0.7, 3);
    String html = HtmlReport.render(report);
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
    Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
    List<String> classes = new ArrayList<>();
    while (svg.find()) {
      Document d = parse(svg.group());
      classes.add(d.getDocumentElement().getAttribute("class"));
    }
    assertThat(classes).containsExactly("chart-confusion", "chart-reliability", "chart-bars", "chart-roc", "chart-bars");
    assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.4f", report.intent().get(0).classification().accuracy().estimate()));
  }

  @Test
  void explanationsShowFaithfulnessAndHighlightEveryWordOfTheTextEscaped() {
    EvalReport base = ReportFixtures.report(6, 0.7, 3);
    assertThat(HtmlReport.render(base)).doesNotContain("Explanations");
    String text = "my <b>card</b> \uD83D\uDE00 & rate";
    var words = new ArrayList<io.intentops.core.report.WordScore>();
    Matcher m = Pattern.compile("\\S+").matcher(text);
    double score = -0.2;
    while (m.find()) {
      words.add(new io.intentops.core.report.WordScore(m.start(), m.end(), score, -score));
      score += 0.1;
    }
    var ci = new io.intentops.core.report.ConfidenceInterval(0.3, 0.2, 0.4, 0.95, 1000, 2025);
    List<Double> curve = List.of(0.1, 0.2);
    var section = new io.intentops.core.report.ExplanationSection(base.intent().get(0).dataset(), "occlusion", 10, 1,
        List.of(0.1, 0.5), curve, curve, curve, curve, ci, ci, ci, ci, 2025, base.intent().get(0).timing(), 1.25,
        List.of(new io.intentops.core.report.ExplainedText("error", text, "a", "b", 0.9, 0.1, words),
            new io.intentops.core.report.ExplainedText("oos", text, "a", "b", 0.4, 0.8, words)));
    String html = HtmlReport.render(base.withExplanations(section));
    assertThat(html).contains("Explanations: ").contains("Most confident errors").contains("Texts flagged out of scope")
        .contains("0.3000 [0.2000, 0.4000]").contains("load average 1.25").contains("50 %");
    assertThat(html).doesNotContain("<b>card").contains("&lt;b&gt;card&lt;/b&gt;");
    Matcher row = Pattern.compile("<td class=\"explained\">(.*?)</td>").matcher(html);
    int rows = 0;
    while (row.find()) {
      rows++;
      String cell = row.group(1);
      assertThat(Pattern.compile("<span ").matcher(cell).results().count()).isEqualTo(words.size());
      // Without the highlight markup the cell is exactly the escaped original text, whitespace included.
      assertThat(cell.replaceAll("<span [^>]*>", "").replace("</span>", ""))
          .isEqualTo("my &lt;b&gt;card&lt;/b&gt; \uD83D\uDE00 &amp; rate");
    }
    assertThat(rows).isEqualTo(2);
  }
}
