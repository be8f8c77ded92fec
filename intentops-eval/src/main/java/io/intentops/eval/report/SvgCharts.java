package io.intentops.eval.report;

import io.intentops.core.report.ConfusionMatrix;
import io.intentops.core.report.ReliabilityDiagram;
import io.intentops.core.report.RocPoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small renderer of the report's charts as standalone SVG elements (no scripts, no external
 * resources), so that {@code report.html} is one self-contained file. Each chart carries a CSS class
 * ({@code chart-confusion}, {@code chart-roc}, {@code chart-reliability}, {@code chart-bars}) and its
 * marks carry classes too ({@code cell}, {@code roc}, {@code bin}, {@code bar}), which tests and
 * stylesheets rely on. All text is XML-escaped. Stateless and thread-safe.
 */
public final class SvgCharts {
  private static final String NS = "http://www.w3.org/2000/svg";

  private SvgCharts() {}

  /**
   * Confusion-matrix heat map: rows gold, columns predicted; a cell's shade is its share of the row
   * (recall-normalised), so small classes are as visible as large ones. Only non-zero cells are drawn;
   * each has a tooltip with gold, predicted and count. Labels are written when there are at most 40.
   */
  public static String confusionHeatmap(ConfusionMatrix m) {
    List<String> labels = m.labels();
    long[][] c = m.counts();
    int n = labels.size();
    double cell = Math.max(3, Math.min(24, 640.0 / Math.max(1, n)));
    boolean text = n <= 40;
    double margin = text ? 150 : 30;
    double side = cell * n;
    double w = margin + side + 10;
    double h = margin + side + 10;
    StringBuilder sb = open("chart-confusion", w, h, "Confusion matrix, rows gold, columns predicted");
    sb.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fafafa\" stroke=\"#999\"/>",
        margin, margin, side, side));
    for (int i = 0; i < n; i++) {
      long rowTotal = 0;
      for (long v : c[i]) {
        rowTotal += v;
      }
      for (int j = 0; j < n; j++) {
        if (c[i][j] == 0) {
          continue;
        }
        double share = rowTotal == 0 ? 0 : (double) c[i][j] / rowTotal;
        sb.append(String.format(Locale.ROOT,
            "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
            margin + j * cell, margin + i * cell, cell, cell, blue(share),
            esc("gold " + labels.get(i) + ", predicted " + labels.get(j) + ": " + c[i][j])));
      }
    }
    if (text) {
      for (int i = 0; i < n; i++) {
        sb.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
            margin - 4, margin + i * cell + cell * 0.7, esc(shorten(labels.get(i)))));
        sb.append(String.format(Locale.ROOT,
            "<text class=\"label\" font-size=\"10\" transform=\"translate(%.1f,%.1f) rotate(-60)\">%s</text>",
            margin + j0(i, cell) , margin - 4, esc(shorten(labels.get(i)))));
      }
    }
    sb.append(axisText(margin + side / 2, 14, "predicted"));
    sb.append(String.format(Locale.ROOT, "<text font-size=\"12\" transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">gold</text>",
        margin + side / 2));
    return sb.append("</svg>").toString();
  }

  /** ROC curve (FPR on x, TPR on y) with the chance diagonal and the AUROC in the title. */
  public static String rocCurve(List<RocPoint> points, double auroc) {
    double size = 300;
    double m = 45;
    StringBuilder sb = open("chart-roc", size + m + 15, size + m + 25,
        String.format(Locale.ROOT, "ROC curve, AUROC %.4f", auroc));
    axes(sb, m, size, "false-positive rate (in-scope flagged)", "true-positive rate (OOS recall)");
    sb.append(String.format(Locale.ROOT, "<line class=\"chance\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
        m, 10 + size, m + size, 10.0));
    StringBuilder pts = new StringBuilder();
    for (RocPoint p : points) {
      pts.append(String.format(Locale.ROOT, "%.2f,%.2f ", m + p.fpr() * size, 10 + (1 - p.tpr()) * size));
    }
    sb.append("<polyline class=\"roc\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"")
        .append(pts.toString().strip()).append("\"/>");
    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">AUROC %.4f</text>", m + size * 0.45, 10 + size * 0.8, auroc));
    return sb.append("</svg>").toString();
  }

  /** Reliability diagram: per bin, a bar at the bin's accuracy, with the diagonal of perfect calibration. */
  public static String reliability(ReliabilityDiagram d) {
    double size = 300;
    double m = 45;
    StringBuilder sb = open("chart-reliability", size + m + 15, size + m + 25,
        String.format(Locale.ROOT, "Reliability diagram, ECE %.4f, MCE %.4f", d.ece(), d.mce()));
    axes(sb, m, size, "confidence", "accuracy");
    for (ReliabilityDiagram.Bin b : d.bins()) {
      if (b.count() == 0) {
        continue;
      }
      double x = m + b.lower() * size;
      double wBar = (b.upper() - b.lower()) * size;
      double hBar = b.accuracy() * size;
      sb.append(String.format(Locale.ROOT,
          "<rect class=\"bin\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#5b8ed6\" stroke=\"#fff\"><title>%s</title></rect>",
          x, 10 + size - hBar, wBar, hBar, esc(String.format(Locale.ROOT, "(%.3f, %.3f]: n=%d, accuracy %.3f, confidence %.3f",
              b.lower(), b.upper(), b.count(), b.accuracy(), b.meanConfidence()))));
    }
    sb.append(String.format(Locale.ROOT, "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>",
        m, 10 + size, m + size, 10.0));
    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"24\" font-size=\"12\">ECE %.4f</text>", m + 8, d.ece()));
    return sb.append("</svg>").toString();
  }

  /** Horizontal bars of values in [0, 1], one per key (in the map's order), e.g. per-type NER F1. */
  public static String bars(Map<String, Double> values, String title) {
    double barH = 18;
    double labelW = 200; // room for a 24-character label at 11 px
    double plotW = 300;
    double h = 30 + values.size() * (barH + 6);
    StringBuilder sb = open("chart-bars", labelW + plotW + 70, h, title);
    sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>", esc(title)));
    int i = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = Math.max(0, Math.min(1, e.getValue()));
      double y = 26 + i * (barH + 6);
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
          labelW - 6, y + barH * 0.72, esc(shorten(e.getKey()))));
      sb.append(String.format(Locale.ROOT,
          "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"#3c8d5a\"><title>%s</title></rect>",
          labelW, y, v * plotW, barH, esc(e.getKey() + ": " + String.format(Locale.ROOT, "%.4f", e.getValue()))));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.3f</text>",
          labelW + v * plotW + 4, y + barH * 0.72, e.getValue()));
      i++;
    }
    return sb.append("</svg>").toString();
  }

  /** Escapes text for XML content and attribute values. */
  public static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
            sb.append(' '); // control characters are not allowed in XML 1.0
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  private static double j0(int j, double cell) {
    return j * cell + cell * 0.6;
  }

  private static StringBuilder open(String cls, double w, double h, String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"%s\" class=\"%s\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
        NS, cls, w, h, w, h, esc(title), esc(title)));
    return sb;
  }

  private static void axes(StringBuilder sb, double m, double size, String x, String y) {
    sb.append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>",
        m, size, size));
    for (int k = 0; k <= 4; k++) {
      double t = k / 4.0;
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%.2f</text>",
          m + t * size, 10 + size + 13, t));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.2f</text>",
          m - 3, 10 + (1 - t) * size + 3, t));
    }
    sb.append(axisText(m + size / 2, 10 + size + 28, x));
    sb.append(String.format(Locale.ROOT, "<text font-size=\"11\" transform=\"translate(11,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
        10 + size / 2, esc(y)));
  }

  private static String axisText(double x, double y, String s) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x, y, esc(s));
  }

  private static String blue(double share) {
    // White (no errors) to dark blue (the whole row), linear in each channel.
    int r = (int) Math.round(247 - share * (247 - 8));
    int g = (int) Math.round(251 - share * (251 - 48));
    int b = (int) Math.round(255 - share * (255 - 107));
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static String shorten(String s) {
    return s.length() <= 24 ? s : s.substring(0, 23) + "\u2026";
  }
}
