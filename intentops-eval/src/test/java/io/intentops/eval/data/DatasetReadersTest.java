package io.intentops.eval.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.IntentOpsException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.report.DatasetManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReadersTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    return f;
  }

  @Test
  void banking77ReadsQuotedFieldsWithCommasAndQuotes() throws IOException {
    Path f = write("test.csv", "text,category\n"
        + "I am still waiting on my card?,card_arrival\n"
        + "\"Hi, my card, it is \"\"lost\"\"\",lost_or_stolen_card\r\n"
        + "\"two\nlines\",card_arrival\n");
    TextClassificationDataset d = DatasetReaders.banking77(f);
    assertThat(d.examples()).containsExactly(
        new LabeledText("I am still waiting on my card?", "card_arrival"),
        new LabeledText("Hi, my card, it is \"lost\"", "lost_or_stolen_card"),
        new LabeledText("two\nlines", "card_arrival"));
    assertThat(d.labels()).containsExactly("card_arrival", "lost_or_stolen_card");
    DatasetManifest m = d.manifest();
    assertThat(m.name()).isEqualTo("banking77");
    assertThat(m.split()).isEqualTo("test");
    assertThat(m.examples()).isEqualTo(3);
    assertThat(m.fileSha256()).isEqualTo(Checksum.sha256(Files.readAllBytes(f)));
    assertThat(m.license()).isEqualTo("CC BY 4.0");
  }

  @Test
  void canonicalDigestIgnoresQuotingButFileDigestDoesNot() throws IOException {
    Path a = write("a/test.csv", "text,category\nhello there,greet\n");
    Path b = write("b/test.csv", "text,category\r\n\"hello there\",\"greet\"\r\n");
    var ma = DatasetReaders.banking77(a).manifest();
    var mb = DatasetReaders.banking77(b).manifest();
    assertThat(ma.canonicalSha256()).isEqualTo(mb.canonicalSha256());
    assertThat(ma.fileSha256()).isNotEqualTo(mb.fileSha256());
    Path c = write("c/test.csv", "text,category\nhello there,greeting\n");
    assertThat(DatasetReaders.banking77(c).manifest().canonicalSha256()).isNotEqualTo(ma.canonicalSha256());
  }

  @Test
  void banking77RejectsMissingColumnWithFileAndLine() throws IOException {
    Path f = write("bad.csv", "text,category\nok text,label\nno label here\n");
    assertThatThrownBy(() -> DatasetReaders.banking77(f))
        .isInstanceOf(DatasetFormatException.class)
        .isInstanceOf(IntentOpsException.class)
        .hasMessageContaining("bad.csv:3")
        .hasMessageContaining("expected 2 columns")
        .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(3));
  }

  @Test
  void banking77RejectsWrongHeaderExtraColumnAndEmptyFields() throws IOException {
    assertThatThrownBy(() -> DatasetReaders.banking77(write("h.csv", "sentence,intent\na,b\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("h.csv:1").hasMessageContaining("header");
    assertThatThrownBy(() -> DatasetReaders.banking77(write("x.csv", "text,category\na,b,c\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("x.csv:2");
    assertThatThrownBy(() -> DatasetReaders.banking77(write("e.csv", "text,category\n\" \",b\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("empty text");
    assertThatThrownBy(() -> DatasetReaders.banking77(write("l.csv", "text,category\nhello,\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("empty category");
    assertThatThrownBy(() -> DatasetReaders.banking77(write("q.csv", "text,category\nfine,a\n\"unterminated, b\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("q.csv:").hasMessageContaining("malformed CSV");
    assertThatThrownBy(() -> DatasetReaders.banking77(write("z.csv", "")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("no header");
    assertThatThrownBy(() -> DatasetReaders.banking77(dir.resolve("missing.csv")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("file not found");
  }

  @Test
  void invalidUtf8AndMixedEncodingsAreReportedWithLine() throws IOException {
    byte[] head = "text,category\nfine,a\n".getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = "caf\u00e9 au lait,b\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + latin1.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(latin1, 0, all, head.length, latin1.length);
    Path f = write("mixed.csv", all);
    assertThatThrownBy(() -> DatasetReaders.banking77(f))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("mixed.csv:3")
        .hasMessageContaining("invalid UTF-8");
    Path c = write("w/x.conll", new byte[] {'a', '\t', 'O', '\n', (byte) 0xC3, '\t', 'O', '\n'});
    assertThatThrownBy(() -> DatasetReaders.conll(c))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("x.conll:2");
  }

  @Test
  void utf8WithBomAndMultibyteTextIsRead() throws IOException {
    byte[] body = "text,category\ncaf\u00e9 \u2603 \uD83D\uDE00,b\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    var d = DatasetReaders.banking77(write("bom.csv", withBom));
    assertThat(d.examples()).containsExactly(new LabeledText("caf\u00e9 \u2603 \uD83D\uDE00", "b"));
  }

  @Test
  void clinc150ReadsOneSplitAndValidatesTheRest() throws IOException {
    Path f = write("clinc150/data_full.json", "{\n \"train\": [[\"book a flight\", \"book_flight\"]],\n"
        + " \"oos_test\": [\n  [\"how tall is everest\", \"oos\"],\n  [\"sing\", \"oos\"]\n ],\n"
        + " \"test\": [[\"what is my balance\", \"balance\"], [\"fly me to rome\", \"book_flight\"]]\n}\n");
    var test = DatasetReaders.clinc150(f, "test");
    assertThat(test.examples()).extracting(LabeledText::label).containsExactly("balance", "book_flight");
    assertThat(test.labels()).containsExactly("balance", "book_flight");
    assertThat(test.manifest().split()).isEqualTo("test");
    assertThat(test.manifest().name()).isEqualTo("clinc150");
    var oos = DatasetReaders.clinc150(f, "oos_test");
    assertThat(oos.examples()).hasSize(2).allMatch(e -> e.label().equals("oos"));
    // Same file, so the same file digest but different canonical digests per split.
    assertThat(oos.manifest().fileSha256()).isEqualTo(test.manifest().fileSha256());
    assertThat(oos.manifest().canonicalSha256()).isNotEqualTo(test.manifest().canonicalSha256());
    assertThatThrownBy(() -> DatasetReaders.clinc150(f, "val"))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("'val' not found");
    assertThatThrownBy(() -> DatasetReaders.clinc150(f, "dev"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("dev");
  }

  @Test
  void clinc150RejectsBrokenJsonAndBadPairs() throws IOException {
    Path broken = write("b.json", "{\"test\": [[\"a\", \"b\"]],\n \"train\": [[\"c\", \"d\"]\n");
    assertThatThrownBy(() -> DatasetReaders.clinc150(broken, "test"))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("b.json:").hasMessageContaining("malformed JSON");
    Path triple = write("t.json", "{\"test\": [\n[\"a\", \"b\"],\n[\"a\", \"b\", \"c\"]]}");
    assertThatThrownBy(() -> DatasetReaders.clinc150(triple, "test"))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("t.json:3").hasMessageContaining("test[1] has 3 elements");
    Path number = write("n.json", "{\"test\": [[\"a\", 7]]}");
    assertThatThrownBy(() -> DatasetReaders.clinc150(number, "test"))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("expected strings");
    Path notObject = write("o.json", "[1,2]");
    assertThatThrownBy(() -> DatasetReaders.clinc150(notObject, "test"))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("JSON object");
  }

  @Test
  void conllSplitsOnBlankAndWhitespaceOnlyLines() throws IOException {
    Path f = write("wnut17/dev.conll", "Empire\tB-location\nState\tI-location\nis\tO\n\t\n"
        + "Paul\tB-person\r\n   \n\nhi\tO\nthere\tO");
    var d = DatasetReaders.conll(f);
    assertThat(d.sentences()).containsExactly(
        new TaggedSentence(List.of("Empire", "State", "is"), List.of("B-location", "I-location", "O")),
        new TaggedSentence(List.of("Paul"), List.of("B-person")),
        new TaggedSentence(List.of("hi", "there"), List.of("O", "O")));
    assertThat(d.entityTypes()).containsExactly("location", "person");
    assertThat(d.manifest().name()).isEqualTo("wnut17");
    assertThat(d.manifest().split()).isEqualTo("dev");
    assertThat(d.manifest().labels()).containsExactly("location", "person");
    assertThat(d.sentences().get(0).text()).isEqualTo("Empire State is");
  }

  @Test
  void conllRejectsBadTagsTransitionsAndColumns() throws IOException {
    assertThatThrownBy(() -> DatasetReaders.conll(write("a.conll", "a\tO\nb\tX-person\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("a.conll:2").hasMessageContaining("X-person");
    assertThatThrownBy(() -> DatasetReaders.conll(write("b.conll", "a\tO\n\nb\tI-person\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("b.conll:3").hasMessageContaining("follows 'O'");
    assertThatThrownBy(() -> DatasetReaders.conll(write("c.conll", "a\tB-group\nb\tI-person\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("c.conll:2");
    assertThatThrownBy(() -> DatasetReaders.conll(write("d.conll", "a\tO\nb O\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("d.conll:2").hasMessageContaining("no tab");
    assertThatThrownBy(() -> DatasetReaders.conll(write("e.conll", "a\tO\tO\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("more than one tab");
    assertThatThrownBy(() -> DatasetReaders.conll(write("f.conll", "\tO\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("empty token");
    assertThatThrownBy(() -> DatasetReaders.conll(write("h.conll", "a b\tO\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("h.conll:1").hasMessageContaining("whitespace");
    assertThatThrownBy(() -> DatasetReaders.conll(write("g.conll", "a\tB-\n")))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("invalid BIO tag");
  }

  @Test
  void realBanking77() {
    var f = DatasetPaths.requireInCi("banking77/test.csv");
    Assumptions.assumeTrue(f.isPresent(), DatasetPaths.HOW_TO_GET);
    var d = DatasetReaders.banking77(f.get());
    assertThat(d.size()).isEqualTo(3080);
    assertThat(d.labels()).hasSize(77).contains("card_arrival");
    var train = DatasetReaders.banking77(DatasetPaths.banking77().resolve("train.csv"));
    assertThat(train.size()).isEqualTo(10003);
    assertThat(train.examples()).anyMatch(e -> e.text().contains(","));
  }

  @Test
  void realClinc150() {
    var f = DatasetPaths.requireInCi("clinc150/data_full.json");
    Assumptions.assumeTrue(f.isPresent(), DatasetPaths.HOW_TO_GET);
    assertThat(DatasetReaders.clinc150(f.get(), "train").size()).isEqualTo(15000);
    var test = DatasetReaders.clinc150(f.get(), "test");
    assertThat(test.size()).isEqualTo(4500);
    assertThat(test.labels()).hasSize(150);
    assertThat(DatasetReaders.clinc150(f.get(), "oos_test").size()).isEqualTo(1000);
    assertThat(DatasetReaders.clinc150(f.get(), "val").size()).isEqualTo(3000);
  }

  @Test
  void realWnut17() {
    var f = DatasetPaths.requireInCi("wnut17/wnut17train.conll");
    Assumptions.assumeTrue(f.isPresent(), DatasetPaths.HOW_TO_GET);
    var train = DatasetReaders.conll(f.get());
    assertThat(train.size()).isEqualTo(3394);
    assertThat(train.entityTypes())
        .containsExactly("corporation", "creative-work", "group", "location", "person", "product");
    assertThat(DatasetReaders.conll(DatasetPaths.wnut17().resolve("emerging.dev.conll")).size()).isEqualTo(1009);
    assertThat(DatasetReaders.conll(DatasetPaths.wnut17().resolve("emerging.test.annotated")).size()).isEqualTo(1287);
  }
}
