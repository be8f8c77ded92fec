package io.intentops.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiScannerTest {
  final PiiScanner scanner = PiiScanner.create();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "write to jane.doe+bank@example.co.uk please | EMAIL",
      "my card 4111 1111 1111 1111 was declined | CARD_NUMBER",
      "card 5500-0000-0000-0004 | CARD_NUMBER",
      "IBAN GB82 WEST 1234 5698 7654 32 for the transfer | IBAN",
      "send to DE89370400440532013000 today | IBAN",
      "server 192.168.1.20 is down | IPV4",
      "v6 host 2001:db8::ff00:42:8329 answers | IPV6",
      "loopback ::1 | IPV6",
      "mapped ::ffff:192.0.2.128 | IPV6",
      "call +1 (415) 555-2671 now | PHONE",
      "ring 020 7946 0958 | PHONE",
  })
  void findsEachType(String text, PiiType type) {
    assertThat(scanner.scan(text)).extracting(PiiFinding::type).containsExactly(type);
    assertThat(scanner.redact(text)).contains("[REDACTED:" + type + "]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "card 4111 1111 1111 1112 (bad Luhn)",
      "see https://img.example.com/photos/1234567-123-456.jpg",
      "rover.ebay.com/rover/1/711-53200-19255-0/1?ff3",
      "version 1.2.300.4",
      "meeting at 10:30:45",
      "transferred 1000 pounds on 12/03/2019",
      "I was charged 3.5 extra",
      "top-up of 25.00",
      "ratio 16:9",
      "0000 0000 0000 0000",
  })
  void ignoresLookalikes(String text) {
    assertThat(scanner.scan(text)).isEmpty();
    assertThat(scanner.redact(text)).isEqualTo(text);
  }

  @Test
  void ibanWithBadCheckDigitsIsNotAnIban() {
    assertThat(scanner.scan("IBAN GB83 WEST 1234 5698 7654 32")).extracting(PiiFinding::type).doesNotContain(PiiType.IBAN);
    assertThat(PiiScanner.validIban("GB82WEST12345698765432")).isTrue();
    assertThat(PiiScanner.validIban("GB83WEST12345698765432")).isFalse();
  }

  @Test
  void overlappingCandidatesKeepTheStrongestType() {
    // A card number is also 16 digits in phone-like groups: it must count once, as a card.
    assertThat(scanner.scan("4111 1111 1111 1111")).extracting(PiiFinding::type).containsExactly(PiiType.CARD_NUMBER);
    assertThat(PiiScanner.of(EnumSet.of(PiiType.EMAIL)).scan("4111 1111 1111 1111 a@b.io"))
        .extracting(PiiFinding::type).containsExactly(PiiType.EMAIL);
  }

  @Property(tries = 200, seed = "2025")
  void everyLuhnValidNumberIsFoundAndRedacted(@ForAll @LongRange(min = 100_000_000_000_000L, max = 999_999_999_999_999L) long body) {
    String digits = Long.toString(body);
    String card = digits + luhnDigit(digits);
    String text = "paid with " + card + " yesterday";
    assertThat(scanner.scan(text)).extracting(PiiFinding::type).containsExactly(PiiType.CARD_NUMBER);
    assertThat(scanner.redact(text)).isEqualTo("paid with [REDACTED:CARD_NUMBER] yesterday");
  }

  @Property(tries = 200, seed = "2025")
  void redactionNeverLeavesAnIpv4(@ForAll @IntRange(max = 255) int a, @ForAll @IntRange(max = 255) int b,
      @ForAll @IntRange(max = 255) int c, @ForAll @IntRange(max = 255) int d) {
    String text = "from " + a + "." + b + "." + c + "." + d + " at noon";
    assertThat(scanner.redact(text)).isEqualTo("from [REDACTED:IPV4] at noon");
  }

  @Test
  void countsPerCsvColumn(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("requests.csv");
    Files.writeString(f, """
        text,category
        "my email is a@b.io, card 4111111111111111",card_payment
        nothing here,other
        "ip 10.0.0.1",x@y.org
        """);
    PiiReport r = scanner.scanFile(f);
    assertThat(r.lines()).isEqualTo(4);
    assertThat(r.counts().get("text")).containsEntry(PiiType.EMAIL, 1L).containsEntry(PiiType.CARD_NUMBER, 1L)
        .containsEntry(PiiType.IPV4, 1L);
    assertThat(r.counts().get("category")).containsEntry(PiiType.EMAIL, 1L);
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.exampleLines()).containsExactly(2L, 4L);
  }

  static int luhnDigit(String digits) {
    int sum = 0;
    boolean dbl = true;
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
    return (10 - sum % 10) % 10;
  }
}
