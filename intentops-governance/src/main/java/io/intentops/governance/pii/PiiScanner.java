package io.intentops.governance.pii;

import io.intentops.core.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked),
 * IBANs (mod-97 checked) and IPv4/IPv6 addresses; redacts it; and scans files line by line, counting
 * findings per column.
 *
 * <p>Candidates are found with regular expressions and then validated (checksums, octet ranges,
 * IPv6 group structure), so a random 16-digit number is not a card unless its Luhn digit is right.
 * Overlapping candidates are resolved by {@link PiiType} order (an IBAN is not also reported as a
 * phone number). Immutable and thread-safe.
 */
public final class PiiScanner {
  /** How many example line numbers a {@link PiiReport} keeps. */
  public static final int MAX_EXAMPLES = 10;

  private static final Pattern EMAIL =
      Pattern.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}(?![\\w-])");
  private static final Pattern IBAN =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])");
  private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d])");
  private static final Pattern IPV6 = Pattern.compile(
      "(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?(?![0-9A-Fa-f:])");
  private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");
  private static final Pattern PHONE = Pattern.compile(
      // Not inside URLs, file names or longer tokens: no word char, '/', '-', '.', '=' or '_' adjacent.
      "(?<![\\w+/.=-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){2,4}(?![\\w/=-]|\\.\\w)");

  private final Set<PiiType> types;

  private PiiScanner(Set<PiiType> types) {
    this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
  }

  /** A scanner for every {@link PiiType}. */
  public static PiiScanner create() {
    return new PiiScanner(EnumSet.allOf(PiiType.class));
  }

  /** A scanner for the given types only. */
  public static PiiScanner of(Set<PiiType> types) {
    return new PiiScanner(types);
  }

  /** All non-overlapping findings in {@code text}, in text order. */
  public List<PiiFinding> scan(String text) {
    List<PiiFinding> raw = new ArrayList<>();
    if (types.contains(PiiType.EMAIL)) {
      collect(EMAIL, text, PiiType.EMAIL, raw);
    }
    if (types.contains(PiiType.IBAN)) {
      Matcher m = IBAN.matcher(text);
      while (m.find()) {
        if (validIban(m.group())) {
          raw.add(new PiiFinding(PiiType.IBAN, m.start(), m.end()));
        }
      }
    }
    if (types.contains(PiiType.CARD_NUMBER)) {
      Matcher m = CARD.matcher(text);
      while (m.find()) {
        if (luhn(digits(m.group()))) {
          raw.add(new PiiFinding(PiiType.CARD_NUMBER, m.start(), m.end()));
        }
      }
    }
    if (types.contains(PiiType.IPV6)) {
      Matcher m = IPV6.matcher(text);
      while (m.find()) {
        if (validIpv6(m.group())) {
          raw.add(new PiiFinding(PiiType.IPV6, m.start(), m.end()));
        }
      }
    }
    if (types.contains(PiiType.IPV4)) {
      Matcher m = IPV4.matcher(text);
      while (m.find()) {
        if (validIpv4(m)) {
          raw.add(new PiiFinding(PiiType.IPV4, m.start(), m.end()));
        }
      }
    }
    if (types.contains(PiiType.PHONE)) {
      Matcher m = PHONE.matcher(text);
      while (m.find()) {
        String s = m.group();
        int n = digits(s).length();
        boolean phoneShaped = s.startsWith("+") || s.indexOf('(') >= 0 || s.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.');
        if (n >= 10 && n <= 15 && phoneShaped && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
          raw.add(new PiiFinding(PiiType.PHONE, m.start(), m.end()));
        }
      }
    }
    // Resolve overlaps: the higher-priority type (lower ordinal) wins, then the longer span.
    raw.sort(Comparator.comparingInt((PiiFinding f) -> f.type().ordinal()).thenComparingInt(f -> f.start() - f.end()));
    List<PiiFinding> kept = new ArrayList<>();
    for (PiiFinding f : raw) {
      if (kept.stream().noneMatch(k -> k.start() < f.end() && f.start() < k.end())) {
        kept.add(f);
      }
    }
    kept.sort(Comparator.comparingInt(PiiFinding::start));
    return List.copyOf(kept);
  }

  /** Counts of findings in {@code text} by type. */
  public Map<PiiType, Long> count(String text) {
    Map<PiiType, Long> m = new EnumMap<>(PiiType.class);
    for (PiiFinding f : scan(text)) {
      m.merge(f.type(), 1L, Long::sum);
    }
    return m;
  }

  /** {@code text} with every finding replaced by {@code [REDACTED:TYPE]}. */
  public String redact(String text) {
    List<PiiFinding> fs = scan(text);
    if (fs.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int pos = 0;
    for (PiiFinding f : fs) {
      sb.append(text, pos, f.start()).append("[REDACTED:").append(f.type()).append(']');
      pos = f.end();
    }
    return sb.append(text, pos, text.length()).toString();
  }

  /**
   * Scans a text file line by line and counts findings per column. Columns: for {@code .csv} files
   * the header names (simple RFC 4180 quoting); for CoNLL-style files ({@code .conll},
   * {@code .annotated}, {@code .tsv}) {@code col0}, {@code col1}, ... split on tabs; otherwise the
   * single column {@code line}.
   *
   * @throws StoreException naming the file when it cannot be read
   */
  public PiiReport scanFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean csv = name.endsWith(".csv");
    boolean tsv = name.endsWith(".conll") || name.endsWith(".annotated") || name.endsWith(".tsv");
    Map<String, Map<PiiType, Long>> counts = new LinkedHashMap<>();
    List<Long> examples = new ArrayList<>();
    long lineNo = 0;
    List<String> header = List.of();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        List<String> cells;
        if (csv) {
          cells = splitCsv(line);
          if (lineNo == 1) {
            header = cells;
            continue;
          }
        } else if (tsv) {
          cells = List.of(line.split("\t", -1));
        } else {
          cells = List.of(line);
        }
        boolean any = false;
        for (int c = 0; c < cells.size(); c++) {
          String col = csv ? (c < header.size() ? header.get(c) : "col" + c) : tsv ? "col" + c : "line";
          for (PiiFinding f : scan(cells.get(c))) {
            counts.computeIfAbsent(col, k -> new EnumMap<>(PiiType.class)).merge(f.type(), 1L, Long::sum);
            any = true;
          }
        }
        if (any && examples.size() < MAX_EXAMPLES) {
          examples.add(lineNo);
        }
      }
    } catch (IOException e) {
      throw new StoreException("Cannot scan " + file + " for PII (line " + (lineNo + 1) + "): " + e.getMessage(), e);
    }
    return new PiiReport(file.toString(), lineNo, counts, examples);
  }

  private static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static void collect(Pattern p, String text, PiiType type, List<PiiFinding> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(new PiiFinding(type, m.start(), m.end()));
    }
  }

  private static String digits(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Luhn (mod 10) check over a digit string of payment-card length. */
  static boolean luhn(String digits) {
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    // All-zero strings pass Luhn trivially but are never card numbers.
    return sum % 10 == 0 && sum > 0;
  }

  /** ISO 13616 check: move the first four chars to the end, letters to 10..35, value mod 97 == 1. */
  static boolean validIban(String candidate) {
    String s = candidate.replace(" ", "");
    if (s.length() < 15 || s.length() > 34) {
      return false;
    }
    String moved = s.substring(4) + s.substring(0, 4);
    StringBuilder num = new StringBuilder(moved.length() * 2);
    for (int i = 0; i < moved.length(); i++) {
      char c = moved.charAt(i);
      if (c >= '0' && c <= '9') {
        num.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        num.append(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return new BigInteger(num.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static boolean validIpv4(Matcher m) {
    for (int g = 1; g <= 4; g++) {
      String part = m.group(g);
      if (part.length() > 1 && part.charAt(0) == '0') {
        return false; // leading zeros look like versions or dates, not addresses
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Structural IPv6 check: 8 groups of 1-4 hex digits, or fewer with exactly one {@code ::}. */
  static boolean validIpv6(String s) {
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    int groupsNeeded = 8;
    String body = s;
    int lastColon = s.lastIndexOf(':');
    String tail = s.substring(lastColon + 1);
    if (tail.contains(".")) {
      if (!tail.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
        return false;
      }
      for (String o : tail.split("\\.")) {
        if (Integer.parseInt(o) > 255) {
          return false;
        }
      }
      groupsNeeded = 6;
      body = s.substring(0, lastColon + 1);
      if (body.endsWith(":") && !body.endsWith("::")) {
        body = body.substring(0, body.length() - 1);
      }
    }
    if (dbl < 0) {
      String[] parts = body.split(":", -1);
      return parts.length == groupsNeeded && allHexGroups(parts);
    }
    String left = body.substring(0, body.indexOf("::"));
    String right = body.substring(body.indexOf("::") + 2);
    String[] l = left.isEmpty() ? new String[0] : left.split(":", -1);
    String[] r = right.isEmpty() ? new String[0] : right.split(":", -1);
    if (l.length + r.length == 0 && groupsNeeded == 8) {
      return false; // a bare "::" is punctuation far more often than an address
    }
    return l.length + r.length < groupsNeeded && allHexGroups(l) && allHexGroups(r);
  }

  private static boolean allHexGroups(String[] parts) {
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 4) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (Character.digit(p.charAt(i), 16) < 0) {
          return false;
        }
      }
    }
    return true;
  }
}
