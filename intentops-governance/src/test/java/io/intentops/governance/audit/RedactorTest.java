package io.intentops.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.governance.pii.PiiScanner;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = Redactor.pii(PiiScanner.create());

  @Test
  void systemTransactionTagIsNeverRedactedEvenWhenItLooksLikeACardNumber() {
    // 4111111111111111 passes the Luhn check; as a txn tag it must survive so crash recovery can match it.
    assertThat(redactor.redact("txn", "4111111111111111/0")).isEqualTo("4111111111111111/0");
    assertThat(redactor.redact("note", "card 4111111111111111")).doesNotContain("4111111111111111");
  }

  @Test
  void secretNamedFieldsAreReplacedWhole() {
    assertThat(redactor.redact("apiKey", "abc")).isEqualTo(Redactor.SECRET);
    assertThat(redactor.redact("db_password", "x")).isEqualTo(Redactor.SECRET);
  }
}
