package io.intentops.fuzz.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import io.intentops.router.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Personal data in request texts never reaches logs at INFO or above (SLF4J and java.util.logging,
 * captured in-process), nor exception messages, nor the audit log (redacted by default), and the audit
 * HMAC key is never written anywhere.
 */
class NoPiiInLogsTest {
  private static final String EMAIL = "jane.doe@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String TEXT = "Hi, I'm Jane from London, email me at " + EMAIL + " about card " + CARD
      + " which never arrived";

  private static IntentPredictor intent;
  private static NerPredictor ner;
  private static final List<LogRecord> JUL = new ArrayList<>();
  private static final Handler JUL_HANDLER = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (JUL) {
        JUL.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void load() {
    java.util.logging.Logger.getLogger("").addHandler(JUL_HANDLER);
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.ALL);
    intent = ReferenceModels.banking77Intent();
    ner = ReferenceModels.wnut17Ner();
  }

  @AfterAll
  static void close() {
    java.util.logging.Logger.getLogger("").removeHandler(JUL_HANDLER);
    intent.close();
    ner.close();
  }

  @Test
  void captureWorks() {
    LoggerFactory.getLogger("probe").info("probe {}", "marker-123");
    assertThat(CapturingSlf4jProvider.EVENTS).anyMatch(e -> e.level() == Level.INFO && e.text().equals("probe marker-123"));
  }

  @Test
  void predictionsThroughARouterLogNoPersonalData() {
    CapturingSlf4jProvider.EVENTS.clear();
    synchronized (JUL) {
      JUL.clear();
    }
    ModelVersion failing = ModelVersion.of(9, 0, 0, 1);
    Predictor<String, IntentPrediction> broken = new Predictor<>() {
      @Override
      public IntentPrediction predict(String text) {
        throw new InferenceException("backend unavailable");
      }

      @Override
      public ModelVersion version() {
        return failing;
      }

      @Override
      public void close() {}
    };
    try (Router<String, IntentPrediction> router = Router.<String, IntentPrediction>builder()
        .version(intent).version(failing, broken).stable(intent.version()).candidate(failing, 5_000).build()) {
      int answered = 0;
      for (int i = 0; i < 40; i++) {
        answered += router.route("user-" + i, TEXT).output() != null ? 1 : 0;
      }
      assertThat(answered).isEqualTo(40);
      Throwable tooLong = catchThrowable(() -> router.predict("user-x", TEXT.repeat(200)));
      assertThat(tooLong).isInstanceOf(InvalidInputException.class);
      assertThat(tooLong.getMessage()).doesNotContain(EMAIL).doesNotContain("4111");
    }
    assertThat(ner.predict(TEXT).entities()).isNotNull();

    // Every captured event, at every level (the capture enables TRACE): nothing may carry the PII,
    // so in particular nothing at INFO or above.
    List<String> captured = new ArrayList<>();
    CapturingSlf4jProvider.EVENTS.forEach(e -> captured.add(e.level() + " " + e.logger() + ": " + e.text()));
    synchronized (JUL) {
      JUL.forEach(r -> captured.add(r.getLevel() + " " + r.getLoggerName() + ": " + new java.util.logging.SimpleFormatter()
              .formatMessage(r) + (r.getThrown() == null ? "" : " | " + r.getThrown())));
    }
    assertThat(captured).allSatisfy(line -> assertThat(line)
        .doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain(CARD.replace(" ", "")).doesNotContain("Jane"));
  }

  @Test
  void auditLogRedactsByDefaultAndNeverWritesTheKey(@TempDir Path dir) throws Exception {
    byte[] key = "0123456789abcdef-audit-key".getBytes(StandardCharsets.UTF_8);
    try (AuditLog log = AuditLog.builder().directory(dir).hmacKey(key).open()) {
      log.append(AuditEvent.of("request.captured", "svc", "banking77-intent@1.0.0-1", Map.of("text", TEXT,
          "api_key", "sk-live-abcdef")));
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(all.toString())
        .doesNotContain(EMAIL).doesNotContain(CARD).doesNotContain("sk-live-abcdef")
        .contains("[REDACTED:EMAIL]").contains("[REDACTED:CARD_NUMBER]").contains("[REDACTED:SECRET]")
        .doesNotContain(new String(key, StandardCharsets.UTF_8)).doesNotContain(HexFormat.of().formatHex(key))
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
  }
}
