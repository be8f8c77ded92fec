package io.intentops.eval.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.intentops.core.Checksum;
import io.intentops.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict readers for the evaluation datasets. Every reader decodes the file as UTF-8 with a decoder
 * that reports malformed bytes (no silent replacement characters), validates every record, and throws
 * {@link DatasetFormatException} naming the file, the line and the problem. A UTF-8 byte-order mark
 * at the start is skipped. Stateless and thread-safe.
 */
public final class DatasetReaders {
  /** The split names in CLINC150's {@code data_full.json}. */
  public static final Set<String> CLINC150_SPLITS = Set.of("train", "val", "test", "oos_train", "oos_val", "oos_test");

  private static final Pattern BIO_TAG = Pattern.compile("O|[BI]-\\S+");
  private static final JsonFactory JSON = new JsonFactory();
  private static final CsvMapper CSV = new CsvMapper();

  private DatasetReaders() {}

  /**
   * Reads a BANKING77 CSV ({@code train.csv} or {@code test.csv}): a header with columns {@code text}
   * and {@code category} (in any order; other columns are not allowed), then one quoted-as-needed row
   * per example. The manifest is named {@code banking77} with the file name (without extension) as split.
   *
   * @throws DatasetFormatException on a missing or extra column, an empty field or invalid UTF-8
   */
  public static TextClassificationDataset banking77(Path csv) {
    byte[] bytes = readBytes(csv);
    String content = decodeStrict(csv, bytes);
    List<LabeledText> examples = new ArrayList<>();
    try (CsvParser p = (CsvParser) CSV.getFactory().createParser(content)) {
      p.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
      p.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
      List<String> header = null;
      int textCol = -1;
      int labelCol = -1;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_ARRAY) {
          throw new DatasetFormatException(csv.toString(), line(p), "expected a CSV row, got " + t);
        }
        long row = line(p);
        List<String> cells = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw new DatasetFormatException(csv.toString(), row, "truncated row");
          }
          if (cells.isEmpty()) {
            row = line(p); // the row's start token reports the previous line; its first cell does not
          }
          cells.add(p.getText());
        }
        if (header == null) {
          header = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
          textCol = header.indexOf("text");
          labelCol = header.indexOf("category");
          if (textCol < 0 || labelCol < 0 || header.size() != 2) {
            throw new DatasetFormatException(csv.toString(), row,
                "header must have exactly the columns text,category; got " + header);
          }
          continue;
        }
        if (cells.size() != 2) {
          throw new DatasetFormatException(csv.toString(), row,
              "expected 2 columns (text,category), got " + cells.size());
        }
        String text = cells.get(textCol);
        String label = cells.get(labelCol).strip();
        if (text.isBlank()) {
          throw new DatasetFormatException(csv.toString(), row, "empty text");
        }
        if (label.isEmpty()) {
          throw new DatasetFormatException(csv.toString(), row, "empty category");
        }
        examples.add(new LabeledText(text, label));
      }
      if (header == null) {
        throw new DatasetFormatException(csv.toString(), 0, "empty file: no header");
      }
    } catch (JacksonException e) {
      throw new DatasetFormatException(csv.toString(), lineOf(e), "malformed CSV: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetFormatException(csv.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
    return TextClassificationDataset.of("banking77", stripExtension(csv), examples, Checksum.sha256(bytes),
        "github.com/PolyAI-LDN/task-specific-datasets@57ec275d banking_data/", "CC BY 4.0");
  }

  /**
   * Reads one split of CLINC150's {@code data_full.json}: a JSON object whose keys are split names and
   * whose values are lists of {@code [text, label]} pairs. Out-of-scope splits carry the label {@code oos}.
   * The whole file is parsed, so broken JSON anywhere is reported.
   *
   * @param split one of {@link #CLINC150_SPLITS}
   * @throws InvalidInputException when {@code split} is not a CLINC150 split name
   * @throws DatasetFormatException on broken JSON, a missing split, a pair that is not two non-empty
   *     strings, or invalid UTF-8
   */
  public static TextClassificationDataset clinc150(Path dataFullJson, String split) {
    if (!CLINC150_SPLITS.contains(split)) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Unknown CLINC150 split '" + split + "'; expected one of " + new java.util.TreeSet<>(CLINC150_SPLITS));
    }
    byte[] bytes = readBytes(dataFullJson);
    String content = decodeStrict(dataFullJson, bytes);
    String file = dataFullJson.toString();
    List<LabeledText> examples = null;
    try (JsonParser p = JSON.createParser(content)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DatasetFormatException(file, line(p), "expected a JSON object with split names as keys");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!name.equals(split)) {
          p.skipChildren();
          continue;
        }
        if (v != JsonToken.START_ARRAY) {
          throw new DatasetFormatException(file, line(p), "split '" + split + "' must be a JSON array");
        }
        examples = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          long row = line(p);
          int index = examples.size();
          if (t != JsonToken.START_ARRAY) {
            throw new DatasetFormatException(file, row, split + "[" + index + "] must be a [text, label] array");
          }
          List<String> pair = new ArrayList<>(2);
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
              throw new DatasetFormatException(file, line(p), split + "[" + index + "] holds a " + t + ", expected strings");
            }
            pair.add(p.getText());
          }
          if (pair.size() != 2) {
            throw new DatasetFormatException(file, row, split + "[" + index + "] has " + pair.size() + " elements, expected 2");
          }
          if (pair.get(0).isBlank() || pair.get(1).isBlank()) {
            throw new DatasetFormatException(file, row, split + "[" + index + "] has an empty text or label");
          }
          examples.add(new LabeledText(pair.get(0), pair.get(1).strip()));
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new DatasetFormatException(file, line(p), "unexpected " + t + " in the top-level object");
      }
      if (p.nextToken() != null) {
        throw new DatasetFormatException(file, line(p), "trailing content after the top-level object");
      }
    } catch (JacksonException e) {
      throw new DatasetFormatException(file, lineOf(e), "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetFormatException(file, 0, "cannot read: " + e.getMessage(), e);
    }
    if (examples == null) {
      throw new DatasetFormatException(file, 0, "split '" + split + "' not found");
    }
    return TextClassificationDataset.of("clinc150", split, examples, Checksum.sha256(bytes),
        "github.com/clinc/oos-eval@828f8093 data/data_full.json", "CC BY 3.0");
  }

  /**
   * Reads a CoNLL-style token file: one {@code token<TAB>tag} per line, sentences separated by lines
   * that are empty or hold only whitespace; {@code \r\n} line ends are accepted. Tags must be IOB2:
   * {@code O}, {@code B-type} or {@code I-type}, and {@code I-type} may only follow {@code B-type} or
   * {@code I-type} of the same type. The manifest name is the parent folder's name (e.g. {@code wnut17})
   * and the split the file name without extension.
   *
   * @throws DatasetFormatException on a line without exactly one tab, an empty token or one containing
   *     whitespace, an invalid tag
   *     or transition, or invalid UTF-8
   */
  public static TokenClassificationDataset conll(Path file) {
    byte[] bytes = readBytes(file);
    String content = decodeStrict(file, bytes);
    String f = file.toString();
    List<TaggedSentence> sentences = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      long lineNo = i + 1L;
      String l = lines[i];
      if (l.endsWith("\r")) {
        l = l.substring(0, l.length() - 1);
      }
      if (l.isBlank()) {
        if (!tokens.isEmpty()) {
          sentences.add(new TaggedSentence(tokens, tags));
          tokens = new ArrayList<>();
          tags = new ArrayList<>();
        }
        continue;
      }
      int tab = l.indexOf('\t');
      if (tab < 0 || l.indexOf('\t', tab + 1) >= 0) {
        throw new DatasetFormatException(f, lineNo, "expected token<TAB>tag, got " + (tab < 0 ? "no tab" : "more than one tab"));
      }
      String token = l.substring(0, tab);
      String tag = l.substring(tab + 1).strip();
      if (token.isEmpty() || token.isBlank()) {
        throw new DatasetFormatException(f, lineNo, "empty token");
      }
      if (token.chars().anyMatch(Character::isWhitespace)) {
        // Predictors see tokens joined by single spaces; a space inside a token would shift every offset.
        throw new DatasetFormatException(f, lineNo, "token contains whitespace");
      }
      if (!BIO_TAG.matcher(tag).matches()) {
        throw new DatasetFormatException(f, lineNo, "invalid BIO tag '" + abbreviate(tag) + "' (expected O, B-type or I-type)");
      }
      if (tag.startsWith("I-")) {
        String prev = tags.isEmpty() ? "O" : tags.get(tags.size() - 1);
        if (prev.equals("O") || !prev.substring(2).equals(tag.substring(2))) {
          throw new DatasetFormatException(f, lineNo, "tag '" + tag + "' follows '" + prev + "' (I-type must continue an entity of the same type)");
        }
      }
      tokens.add(token);
      tags.add(tag);
    }
    if (!tokens.isEmpty()) {
      sentences.add(new TaggedSentence(tokens, tags));
    }
    Path parent = file.toAbsolutePath().getParent();
    String name = parent == null || parent.getFileName() == null ? "conll" : parent.getFileName().toString();
    boolean wnut = name.equalsIgnoreCase("wnut17");
    return TokenClassificationDataset.of(name, stripExtension(file), sentences, Checksum.sha256(bytes),
        wnut ? "github.com/leondz/emerging_entities_17@e52a2d2a" : "unknown", wnut ? "CC BY 4.0" : "unknown");
  }

  /**
   * Decodes {@code bytes} as UTF-8, reporting (not replacing) malformed or unmappable input. A leading
   * byte-order mark is dropped.
   *
   * @throws DatasetFormatException naming the line and byte offset of the first invalid byte
   */
  static String decodeStrict(Path file, byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      int pos = in.position();
      long lineNo = 1;
      for (int i = 0; i < pos; i++) {
        if (bytes[i] == '\n') {
          lineNo++;
        }
      }
      throw new DatasetFormatException(file.toString(), lineNo,
          "invalid UTF-8 at byte offset " + pos + " (" + (r.isMalformed() ? "malformed" : "unmappable")
              + " sequence of " + r.length() + " byte(s); the file must be UTF-8 throughout)");
    }
    out.flip();
    return out.toString();
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException(file.toString(), 0, "file not found", e);
    } catch (IOException e) {
      throw new DatasetFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
    }
  }

  private static long line(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? 0 : Math.max(0, loc.getLineNr());
  }

  private static long lineOf(JacksonException e) {
    JsonLocation loc = e.getLocation();
    return loc == null ? 0 : Math.max(0, loc.getLineNr());
  }

  private static String stripExtension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
