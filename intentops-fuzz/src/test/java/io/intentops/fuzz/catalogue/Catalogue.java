package io.intentops.fuzz.catalogue;

import static io.intentops.fuzz.catalogue.BadInput.accepted;
import static io.intentops.fuzz.catalogue.BadInput.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.Entity;
import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.eval.data.DatasetFormatException;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.governance.Decision;
import io.intentops.governance.Governance;
import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyFormatException;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.SafeTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bad-input catalogue: every case with its exact expected exception type and message, or the
 * behaviour an accepted input must show. {@code docs/bad-inputs.md} is rendered from what these cases
 * actually do ({@link BadInputsDoc}).
 */
final class Catalogue {
  private static final long TWO_POW_40 = 1L << 40;

  private Catalogue() {}

  static List<BadInput> cases() {
    List<BadInput> c = new ArrayList<>();
    texts(c);
    bundles(c);
    safetensors(c);
    policies(c);
    datasets(c);
    return c;
  }

  // ---- Text given to predictors -----------------------------------------------------------------

  private static void texts(List<BadInput> c) {
    c.add(rejected("text-null", "IntentPredictor.predict", "null",
        InvalidInputException.class, "Text must not be null", () -> Fixtures.intent().predict(null)));
    c.add(rejected("text-empty", "IntentPredictor.predict", "empty string",
        InvalidInputException.class, "Text must not be empty", () -> Fixtures.intent().predict("")));
    c.add(rejected("text-whitespace", "IntentPredictor.predict", "whitespace only: space, tab, newline, NBSP, space",
        InvalidInputException.class, "Text must not be blank (5 whitespace or control characters)",
        () -> Fixtures.intent().predict(" \t\n\u00A0 ")));
    c.add(rejected("text-1mb", "IntentPredictor.predict", "1 MiB of text (1,048,576 chars)",
        InvalidInputException.class, "Text has 1048576 characters; the limit is 10000",
        () -> Fixtures.intent().predict("a".repeat(1 << 20))));
    c.add(rejected("text-1mb-ner", "NerPredictor.predict", "1 MiB of text (1,048,576 chars)",
        InvalidInputException.class, "Text has 1048576 characters; the limit is 10000",
        () -> Fixtures.ner().predict("a ".repeat(1 << 19))));
    c.add(rejected("text-lone-high-surrogate", "IntentPredictor.predict", "\"card\" + lone high surrogate U+D83D",
        InvalidInputException.class, "Text has an unpaired high surrogate at index 4 (invalid UTF-16)",
        () -> Fixtures.intent().predict("card\uD83D")));
    c.add(rejected("text-lone-low-surrogate", "NerPredictor.predict", "lone low surrogate U+DE00 + \"card\"",
        InvalidInputException.class, "Text has an unpaired low surrogate at index 0 (invalid UTF-16)",
        () -> Fixtures.ner().predict("\uDE00card")));
    c.add(rejected("text-nul-control-only", "IntentPredictor.predict", "only NUL, U+0001, U+001F",
        InvalidInputException.class, "Text must not be blank (3 whitespace or control characters)",
        () -> Fixtures.intent().predict("\u0000\u0001\u001F")));
    c.add(rejected("text-zero-width-only", "NerPredictor.predict", "only ZWSP, ZWJ, BOM (U+200B U+200D U+FEFF)",
        InvalidInputException.class, "Text must not be blank (3 whitespace or control characters)",
        () -> Fixtures.ner().predict("\u200B\u200D\uFEFF")));
    c.add(accepted("text-nul-inside", "IntentPredictor + NerPredictor", "NUL and BEL inside a sentence",
        () -> both("my card\u0000 from Paris has not arrived\u0007")));
    c.add(accepted("text-rtl-combining", "IntentPredictor + NerPredictor",
        "Arabic (RTL) sentence with an RLM mark, and 'e' + U+0301 combining acute",
        () -> both("\u200Fلم تصل بطاقتي cafe\u0301 in Montre\u0301al")));
    c.add(accepted("text-emoji", "IntentPredictor + NerPredictor",
        "ZWJ family, flag, skin-tone and keycap emoji sequences around a query",
        () -> both("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 my card \uD83C\uDDEC\uD83C\uDDE7 from London "
            + "never arrived \uD83D\uDC4D\uD83C\uDFFD 1\uFE0F\u20E3")));
    c.add(accepted("text-over-max-tokens", "IntentPredictor + NerPredictor",
        "1,900 words (9,500 chars): over the 128-token limit, under the char limit", () -> {
          String text = "card ".repeat(1_900).strip();
          IntentPrediction p = Fixtures.intent().predict(text);
          NerResult r = Fixtures.ner().predict(text);
          assertThat(p.truncated()).isTrue();
          assertThat(r.truncated()).isTrue();
          return "accepted; intent truncated=" + p.truncated() + " (first 128 tokens); NER truncated="
              + r.truncated() + " (overlapping windows), " + r.entities().size() + " entities";
        }));
    c.add(accepted("text-german", "IntentPredictor", "wrong language: German card-arrival question",
        () -> intentOnly("Meine Karte ist immer noch nicht angekommen")));
    c.add(accepted("text-chinese", "IntentPredictor", "wrong language: Chinese card-arrival question",
        () -> intentOnly("我的卡还没有到")));
  }

  private static String both(String text) {
    IntentPrediction p = Fixtures.intent().predict(text);
    NerResult r = Fixtures.ner().predict(text);
    checkEntities(text, r.entities());
    List<String> ents = r.entities().stream().map(e -> e.type() + "[" + e.start() + "," + e.end() + ")").toList();
    return "accepted; intent " + p.label() + " " + fmt(p.score()) + " outOfScope=" + p.outOfScope()
        + "; entities " + ents + " (offsets index the original string)";
  }

  private static String intentOnly(String text) {
    IntentPrediction p = Fixtures.intent().predict(text);
    assertThat(p.score()).isBetween(0.0, 1.0);
    return "accepted; intent " + p.label() + " " + fmt(p.score()) + ", oosScore " + fmt(p.oosScore())
        + ", outOfScope=" + p.outOfScope();
  }

  private static void checkEntities(String text, List<Entity> entities) {
    for (Entity e : entities) {
      assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
      assertThat(Character.isLowSurrogate(text.charAt(e.start()))).isFalse();
      assertThat(Character.isHighSurrogate(text.charAt(e.end() - 1))).isFalse();
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  // ---- Bundles on disk --------------------------------------------------------------------------

  private static IntentPredictor load(Path bundle) {
    return IntentPredictor.builder().bundle(bundle).build();
  }

  private static void bundles(List<BadInput> c) {
    c.add(rejected("bundle-manifest-malformed", "IntentPredictor.builder().bundle(dir)",
        "manifest.json is `{\"formatVersion\": 1, \"name\": ,}`", ModelLoadException.class,
        "Malformed manifest file:$TMP/bundle-manifest-malformed/manifest.json at line 1, column 30: "
            + "Unexpected character (',' (code 44)): expected a value", () -> {
          Path b = Fixtures.bundleCopy("bundle-manifest-malformed");
          Files.writeString(b.resolve("manifest.json"), "{\"formatVersion\": 1, \"name\": ,}");
          return load(b);
        }));
    c.add(rejected("bundle-manifest-truncated", "IntentPredictor.builder().bundle(dir)",
        "manifest.json cut after 1,000 of its bytes", ModelLoadException.class,
        "Malformed manifest file:$TMP/bundle-manifest-truncated/manifest.json at line 14, column 575: "
            + "Unexpected end-of-input in VALUE_STRING", () -> {
          Path b = Fixtures.bundleCopy("bundle-manifest-truncated");
          byte[] m = Files.readAllBytes(b.resolve("manifest.json"));
          Files.write(b.resolve("manifest.json"), java.util.Arrays.copyOf(m, 1000));
          return load(b);
        }));
    c.add(rejected("bundle-manifest-no-name", "IntentPredictor.builder().bundle(dir)",
        "manifest.json without the required `name`", ModelLoadException.class,
        "Malformed manifest file:$TMP/bundle-manifest-no-name/manifest.json at line 51, column 1: "
            + "required field 'name' is missing", () -> {
          Path b = Fixtures.bundleCopy("bundle-manifest-no-name");
          Fixtures.editManifest(b, "\"name\" : \"banking77-intent\",", "");
          return load(b);
        }));
    c.add(rejected("bundle-manifest-newer-format", "IntentPredictor.builder().bundle(dir)",
        "manifest.json with `formatVersion` 2 (written by a newer IntentOps)", ModelLoadException.class,
        "Manifest file:$TMP/bundle-manifest-newer-format/manifest.json has formatVersion 2; this library reads "
            + "bundle format 1 (upgrade IntentOps to load it)", () -> {
          Path b = Fixtures.bundleCopy("bundle-manifest-newer-format");
          Fixtures.editManifest(b, "\"formatVersion\" : 1,", "\"formatVersion\" : 2,");
          return load(b);
        }));
    c.add(rejected("bundle-manifest-missing", "IntentPredictor.builder().bundle(dir)", "no manifest.json at all",
        ModelLoadException.class, "Bundle file:$TMP/bundle-manifest-missing has no manifest.json", () -> {
          Path b = Fixtures.bundleCopy("bundle-manifest-missing");
          Files.delete(b.resolve("manifest.json"));
          return load(b);
        }));
    c.add(rejected("bundle-weights-missing", "IntentPredictor.builder().bundle(dir)",
        "head.safetensors (listed in the manifest) deleted", ModelIntegrityException.class,
        "Bundle file 'head.safetensors' listed in the manifest is missing from file:$TMP/bundle-weights-missing", () -> {
          Path b = Fixtures.bundleCopy("bundle-weights-missing");
          Files.delete(b.resolve("head.safetensors"));
          return load(b);
        }));
    c.add(rejected("bundle-digest-mismatch", "IntentPredictor.builder().bundle(dir)",
        "one byte of head.safetensors flipped", ModelIntegrityException.class,
        "SHA-256 mismatch for 'head.safetensors': manifest says " + headDigest() + ", file has "
            + flippedHeadDigest(), () -> {
          Path b = Fixtures.bundleCopy("bundle-digest-mismatch");
          Files.write(b.resolve("head.safetensors"), flippedHead());
          return load(b);
        }));
    c.add(rejected("bundle-path-dotdot", "IntentPredictor.builder().bundle(dir)",
        "manifest `files` lists `../outside.bin`", ModelIntegrityException.class,
        "Bundle file entry '../outside.bin' must be a relative path inside the bundle", () -> {
          Path b = Fixtures.bundleCopy("bundle-path-dotdot");
          Fixtures.editManifest(b, "\"files\" : {", "\"files\" : {\n    \"../outside.bin\" : \"" + headDigest() + "\",");
          return load(b);
        }));
    c.add(rejected("bundle-path-absolute", "IntentPredictor.builder().bundle(dir)",
        "manifest `files` lists `/etc/passwd`", ModelIntegrityException.class,
        "Bundle file entry '/etc/passwd' must be a relative path inside the bundle", () -> {
          Path b = Fixtures.bundleCopy("bundle-path-absolute");
          Fixtures.editManifest(b, "\"files\" : {", "\"files\" : {\n    \"/etc/passwd\" : \"" + headDigest() + "\",");
          return load(b);
        }));
    c.add(rejected("bundle-path-nul", "IntentPredictor.builder().bundle(dir)",
        "manifest `files` lists a name with a NUL character (`head\\u0000.bin`)", ModelIntegrityException.class,
        "Bundle file entry 'head\\u0000.bin' is not a valid path: Nul character not allowed", () -> {
          Path b = Fixtures.bundleCopy("bundle-path-nul");
          Fixtures.editManifest(b, "\"files\" : {", "\"files\" : {\n    \"head\\u0000.bin\" : \"" + headDigest() + "\",");
          return load(b);
        }));
    c.add(rejected("bundle-path-symlink", "IntentPredictor.builder().bundle(dir)",
        "head.safetensors is a symlink to an identical file outside the bundle directory",
        ModelIntegrityException.class,
        "Bundle file 'head.safetensors' resolves to $TMP/symlink-target/head.safetensors, outside the bundle "
            + "$TMP/bundle-path-symlink", () -> {
          Path b = Fixtures.bundleCopy("bundle-path-symlink");
          Path outside = Fixtures.dir("symlink-target").resolve("head.safetensors");
          Files.move(b.resolve("head.safetensors"), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          Files.createSymbolicLink(b.resolve("head.safetensors"), outside);
          return load(b);
        }));
  }

  private static byte[] head() throws IOException {
    return Fixtures.resource(io.intentops.models.ReferenceModels.BANKING77_INTENT + "head.safetensors");
  }

  private static byte[] flippedHead() throws IOException {
    byte[] h = head();
    h[h.length - 1] ^= 1;
    return h;
  }

  private static String headDigest() {
    try {
      return Checksum.sha256(head()).hex();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String flippedHeadDigest() {
    try {
      return Checksum.sha256(flippedHead()).hex();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- Safetensors headers that lie -------------------------------------------------------------

  /** A safetensors file: 8-byte little-endian header length, the header, then {@code data}. */
  static byte[] safetensors(long headerLength, String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(h).put(data);
    return b.array();
  }

  static byte[] safetensors(String header, byte[] data) {
    return safetensors(header.getBytes(StandardCharsets.UTF_8).length, header, data);
  }

  private static void safetensors(List<BadInput> c) {
    c.add(rejected("st-header-2pow40", "SafeTensors.read", "header length field claims 2^40 bytes (file has 16)",
        ModelIntegrityException.class,
        "Invalid safetensors file st.safetensors: header length 1099511627776 does not fit a file of 16 bytes",
        () -> SafeTensors.read(safetensors(TWO_POW_40, "{}      ", new byte[0]), "st.safetensors")));
    c.add(rejected("st-header-negative", "SafeTensors.read", "header length field is 0xFFFFFFFFFFFFFFFF",
        ModelIntegrityException.class,
        "Invalid safetensors file st.safetensors: header length 18446744073709551615 does not fit a file of 16 bytes",
        () -> SafeTensors.read(safetensors(-1L, "{}      ", new byte[0]), "st.safetensors")));
    c.add(rejected("st-offsets-2pow40", "SafeTensors.read", "tensor data_offsets claim [0, 2^40] over 4 data bytes",
        ModelIntegrityException.class,
        "Invalid safetensors file st.safetensors: tensor 'w' has data_offsets [0, 1099511627776] outside the "
            + "4-byte data section",
        () -> SafeTensors.read(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0," + TWO_POW_40
            + "]}}", new byte[4]), "st.safetensors")));
    c.add(rejected("st-shape-2pow40", "SafeTensors.read", "shape [2^40] of F32 backed by 4 data bytes",
        ModelIntegrityException.class,
        "Invalid safetensors file st.safetensors: tensor 'w' declares shape [1099511627776] of F32 (4398046511104 "
            + "bytes) but its data_offsets span 4 bytes",
        () -> SafeTensors.read(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + TWO_POW_40
            + "],\"data_offsets\":[0,4]}}", new byte[4]), "st.safetensors")));
    c.add(rejected("st-shape-overflow", "SafeTensors.read", "shape [2^32, 2^32, 2^32] (element count overflows 64 bits)",
        ModelIntegrityException.class,
        "Invalid safetensors file st.safetensors: tensor 'w' has an overflowing shape [4294967296, 4294967296, 4294967296]",
        () -> SafeTensors.read(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],"
            + "\"data_offsets\":[0,4]}}", new byte[4]), "st.safetensors")));
    c.add(rejected("ner-weights-header-2pow40", "NER weights (SafeTensors.read)",
        "header length field claims 2^40 bytes (file has 16)", ModelIntegrityException.class,
        "Invalid safetensors file ner.safetensors: header length 1099511627776 does not fit a file of 16 bytes",
        () -> SafeTensors.read(safetensors(TWO_POW_40, "{}      ", new byte[0]), "ner.safetensors")));
    c.add(rejected("ner-weights-shape-wraps", "NER weights (SafeTensors.read)",
        "shape [2^62 + 1] of F32 over 4 bytes (4 x (2^62 + 1) wraps to 4 in 64 bits)", ModelIntegrityException.class,
        "Invalid safetensors file ner.safetensors: tensor 'w' has an overflowing shape [4611686018427387905]",
        () -> SafeTensors.read(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387905],"
            + "\"data_offsets\":[0,4]}}", new byte[4]), "ner.safetensors")));
    c.add(rejected("ner-weights-shape-object", "NER weights (SafeTensors.read)",
        "shape is a JSON object instead of an array", ModelIntegrityException.class,
        "Invalid safetensors file ner.safetensors: tensor 'w' has no shape array",
        () -> SafeTensors.read(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":{\"a\":1},"
            + "\"data_offsets\":[0,4]}}", new byte[4]), "ner.safetensors")));
  }

  // ---- Policies and approvals -------------------------------------------------------------------

  private static void policies(List<BadInput> c) {
    MetricCatalogue cat = MetricCatalogue.defaults();
    c.add(rejected("policy-unknown-operator", "Policy.parse", "condition `{\"metrics.accuracy\": {\"~=\": 0.8}}`",
        PolicyFormatException.class,
        "rules[0].when.metrics.accuracy.~=: unknown operator '~=' (known: >=, >, <=, <, ==, !=, in, exists, beats_production_by, below_production_by) (in p.json)",
        () -> Policy.parse("{\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\"~=\":0.8}},\"then\":\"allow\"}]}",
            "p.json", cat)));
    c.add(rejected("policy-unknown-role", "Policy.parse", "`approver_roles: [\"JANITOR\"]`",
        PolicyFormatException.class,
        "rules[0].approver_roles[0]: Unknown role 'JANITOR': known roles are ML_LEAD, PRODUCT_OWNER, "
            + "COMPLIANCE_OFFICER, SECURITY_OFFICER (in p.json)",
        () -> Policy.parse("{\"name\":\"p\",\"rules\":[{\"when\":{},\"then\":\"require_approval\","
            + "\"approver_roles\":[\"JANITOR\"]}]}", "p.json", cat)));
    c.add(rejected("policy-duplicate-key", "Policy.parse", "the key `name` twice", PolicyFormatException.class,
        "$: malformed JSON at line 1, column 19: Duplicate field 'name' (in p.json)",
        () -> Policy.parse("{\"name\":\"a\",\"name\":\"b\",\"rules\":[]}", "p.json", cat)));
    c.add(rejected("policy-unknown-metric", "Policy.parse", "condition on `metrics.acuracy` (typo)",
        PolicyFormatException.class,
        "rules[0].when.metrics.acuracy: unknown metric (not in the metric catalogue) (in p.json)",
        () -> Policy.parse("{\"name\":\"p\",\"rules\":[{\"when\":{\"metrics.acuracy\":{\">=\":0.8}},\"then\":\"allow\"}]}",
            "p.json", cat)));
    c.add(rejected("approval-unknown-role", "Approvals.decide", "decision by role `JANITOR`",
        UnknownRoleException.class,
        "Unknown role 'JANITOR': known roles are ML_LEAD, PRODUCT_OWNER, COMPLIANCE_OFFICER, SECURITY_OFFICER", () -> {
          try (Governance g = Governance.builder().directory(Fixtures.dir("approval-unknown-role")).build()) {
            return g.approvals().decide("banking77-intent", ModelVersion.parse("1.0.0-1"),
                Decision.of("bob", "JANITOR", true, "looks fine"));
          }
        }));
  }

  // ---- Dataset files ----------------------------------------------------------------------------

  private static void datasets(List<BadInput> c) {
    c.add(rejected("csv-latin1", "DatasetReaders.banking77", "CSV saved as Latin-1 (`café` with byte 0xE9)",
        DatasetFormatException.class,
        "$TMP/csv-latin1/train.csv:2: invalid UTF-8 at byte offset 17 (malformed sequence of 1 byte(s); the file "
            + "must be UTF-8 throughout)",
        () -> DatasetReaders.banking77(Fixtures.file("csv-latin1", "train.csv",
            "text,category\ncaf\u00e9 card,card_arrival\n".getBytes(StandardCharsets.ISO_8859_1)))));
    c.add(rejected("conll-truncated-utf8", "DatasetReaders.conll", "CoNLL file ending in half a UTF-8 sequence (0xE2 0x82)",
        DatasetFormatException.class,
        "$TMP/conll-truncated-utf8/test.conll:2: invalid UTF-8 at byte offset 17 (malformed sequence of 2 byte(s); the "
            + "file must be UTF-8 throughout)", () -> {
          byte[] ok = "Paris\tB-location\n".getBytes(StandardCharsets.UTF_8);
          byte[] bad = java.util.Arrays.copyOf(ok, ok.length + 2);
          bad[ok.length] = (byte) 0xE2;
          bad[ok.length + 1] = (byte) 0x82;
          return DatasetReaders.conll(Fixtures.file("conll-truncated-utf8", "test.conll", bad));
        }));
    c.add(rejected("conll-utf16", "DatasetReaders.conll", "CoNLL file saved as UTF-16LE with BOM",
        DatasetFormatException.class,
        "$TMP/conll-utf16/test.conll:1: invalid UTF-8 at byte offset 0 (malformed sequence of 1 byte(s); the file "
            + "must be UTF-8 throughout)",
        () -> DatasetReaders.conll(Fixtures.file("conll-utf16", "test.conll",
            "\uFEFFParis\tB-location\n".getBytes(StandardCharsets.UTF_16LE)))));
    c.add(rejected("clinc-overlong-utf8", "DatasetReaders.clinc150", "JSON with an overlong UTF-8 encoding of '/' (0xC0 0xAF)",
        DatasetFormatException.class,
        "$TMP/clinc-overlong-utf8/data_full.json:1: invalid UTF-8 at byte offset 12 (malformed sequence of 1 byte(s); "
            + "the file must be UTF-8 throughout)", () -> {
          byte[] b = "{\"test\": [[\"a\u0001\", \"b\"]]}".getBytes(StandardCharsets.UTF_8);
          b[12] = (byte) 0xC0;
          b[13] = (byte) 0xAF;
          return DatasetReaders.clinc150(Fixtures.file("clinc-overlong-utf8", "data_full.json", b), "test");
        }));
  }
}
