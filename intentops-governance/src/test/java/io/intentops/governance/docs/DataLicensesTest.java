package io.intentops.governance.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.intentops.core.Checksum;
import io.intentops.governance.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataLicensesTest {

  @Test
  void rendersLicensesAndDigestsPerDataset() {
    String md = DataLicenses.render(List.of(
        new DatasetLicense("WNUT-17", "wnut17/wnut17train.conll", Checksum.sha256("w"), "CC-BY-4.0", "https://w"),
        new DatasetLicense("BANKING77", "banking77/train.csv", Checksum.sha256("b"), "CC-BY-4.0", "https://b"),
        new DatasetLicense("CLINC150", "clinc150/data_full.json", Checksum.sha256("c"), "CC-BY-3.0", "https://c")));
    assertThat(md).startsWith("# Data licenses");
    assertThat(md.indexOf("## BANKING77")).isLessThan(md.indexOf("## CLINC150")).isLessThan(md.indexOf("## WNUT-17"));
    assertThat(md).contains("| CLINC150 | CC-BY-3.0 | https://c |", "https://creativecommons.org/licenses/by/3.0/",
        "| `banking77/train.csv` | `" + Checksum.sha256("b").hex() + "` |", "attribution");
  }

  @Test
  void generatesDataLicensesForTheRealDatasets() throws Exception {
    List<DatasetLicense> records = new ArrayList<>();
    for (String f : List.of("banking77/train.csv", "banking77/test.csv", "wnut17/wnut17train.conll",
        "wnut17/emerging.dev.conll", "wnut17/emerging.test.annotated", "clinc150/data_full.json")) {
      Optional<Path> p = TestDatasets.requireInCi(f);
      assumeTrue(p.isPresent(), "dataset " + f + " not found under " + TestDatasets.root());
      List<String> known = DatasetLicense.known(f.substring(0, f.indexOf('/')));
      records.add(new DatasetLicense(known.get(0), f, Checksum.sha256(p.get()), known.get(1), known.get(2)));
    }
    String md = DataLicenses.render(records);
    assertThat(md).contains("| BANKING77 | CC-BY-4.0 |", "| WNUT-17 | CC-BY-4.0 |", "| CLINC150 | CC-BY-3.0 |");
    for (DatasetLicense r : records) {
      assertThat(md).contains(r.sha256().hex());
    }
    Path out = Path.of("target", "DATA_LICENSES.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
  }
}
