package io.intentops.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.intentops.governance.TestDatasets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Scans the three real datasets as plain text lines and writes the findings to
 * {@code target/pii-findings.md} (copied into docs/governance.md).
 */
class DatasetPiiScanTest {
  static final List<String> FILES = List.of("banking77/train.csv", "banking77/test.csv", "wnut17/wnut17train.conll",
      "wnut17/emerging.dev.conll", "wnut17/emerging.test.annotated", "clinc150/data_full.json");

  @Test
  void scansBanking77Wnut17AndClinc150() throws Exception {
    List<Path> found = new ArrayList<>();
    for (String f : FILES) {
      Optional<Path> p = TestDatasets.requireInCi(f);
      p.ifPresent(found::add);
    }
    assumeTrue(found.size() == FILES.size(), "datasets not found under " + TestDatasets.root());
    PiiScanner s = PiiScanner.create();
    StringBuilder md = new StringBuilder("| file | lines | column | type | count | first lines |\n| --- | --- | --- | --- | --- | --- |\n");
    long total = 0;
    for (Path f : found) {
      PiiReport r = s.scanFile(f);
      assertThat(r.lines()).as(f.toString()).isEqualTo(countLines(f));
      String name = TestDatasets.root().relativize(f).toString();
      if (r.counts().isEmpty()) {
        md.append("| `").append(name).append("` | ").append(r.lines()).append(" | - | - | 0 | - |\n");
      }
      for (Map.Entry<String, Map<PiiType, Long>> c : r.counts().entrySet()) {
        for (Map.Entry<PiiType, Long> t : c.getValue().entrySet()) {
          md.append("| `").append(name).append("` | ").append(r.lines()).append(" | ").append(c.getKey()).append(" | ")
              .append(t.getKey()).append(" | ").append(t.getValue()).append(" | ").append(r.exampleLines()).append(" |\n");
        }
      }
      total += r.total();
      // Redaction removes every finding: a rescan of redacted lines finds nothing.
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!s.scan(line).isEmpty()) {
          assertThat(s.scan(s.redact(line))).as(line).isEmpty();
        }
      }
    }
    md.append("\nTotal findings: ").append(total).append('\n');
    Path out = Path.of("target", "pii-findings.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
  }

  private static long countLines(Path f) throws Exception {
    try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }
}
