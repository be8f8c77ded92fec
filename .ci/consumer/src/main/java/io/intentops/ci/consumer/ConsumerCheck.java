package io.intentops.ci.consumer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the README's snippet (ReadmeSnippet, generated from README.md by .ci/consumer-check.sh) and
 * checks what it printed against what the README says it prints: {@code card_arrival 1.00} first,
 * the top-k alternatives indented, and {@code true} (the weather question is out of scope) last.
 * Exits 1 with the reason on a mismatch.
 */
public final class ConsumerCheck {
  private ConsumerCheck() {}

  public static void main(String[] args) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      ReadmeSnippet.run();
    } finally {
      System.setOut(stdout);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    List<String> lines = out.lines().toList();
    List<String> problems = new ArrayList<>();
    if (lines.isEmpty() || !lines.get(0).equals("card_arrival 1.00")) {
      problems.add("first line should be 'card_arrival 1.00' (README), got " + (lines.isEmpty() ? "nothing" : "'" + lines.get(0) + "'"));
    }
    if (lines.size() < 3 || !lines.get(1).startsWith("  card_arrival ")) {
      problems.add("top-k lines should follow, starting with '  card_arrival'");
    }
    if (lines.isEmpty() || !lines.get(lines.size() - 1).equals("true")) {
      problems.add("last line should be 'true' (\"what's the weather?\" is out of scope)");
    }
    if (lines.contains("out of scope: hand over to a human")) {
      problems.add("'I still haven't received my card' must not be out of scope");
    }
    if (!problems.isEmpty()) {
      System.err.println("Consumer check FAILED: " + String.join("; ", problems));
      System.exit(1);
    }
    System.out.println("Consumer check passed: the README snippet compiled against intentops-bom and ran.");
  }
}
