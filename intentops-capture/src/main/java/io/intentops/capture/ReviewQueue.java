package io.intentops.capture;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Picks the captured predictions worth a human look and exports them as CSV for retraining: those
 * with a label correction, a thumbs down, an out-of-scope verdict, or a confidence below
 * {@link #DEFAULT_LOW_CONFIDENCE}. Texts are the stored (redacted) texts.
 *
 * <p>The CSV has the header {@code text,label,reason,request_id,model_version,predicted,score}, which
 * {@code intentops train-intent --data} reads ({@code io.intentops.train.intent.LabeledCsv}: a
 * {@code text} and a {@code label} column, other columns ignored). {@link #writeCsv(Path, List, boolean)}
 * with {@code labelledOnly} writes only rows a person labelled (corrections), ready to train on; without
 * it every selected row is written and unlabelled rows carry the model's label as a suggestion for the
 * reviewer (reason {@code thumbs_down}, {@code out_of_scope}, {@code low_confidence}). Stateless and
 * thread-safe.
 */
public final class ReviewQueue {
  /** Predictions below this confidence are selected. */
  public static final double DEFAULT_LOW_CONFIDENCE = 0.5;

  /** Why a sample is in the queue, most informative first. */
  public enum Reason {
    /** A person gave the right label. */
    CORRECTED,
    /** A person said the answer was wrong. */
    THUMBS_DOWN,
    /** The model judged the text out of scope. */
    OUT_OF_SCOPE,
    /** The model's confidence was low. */
    LOW_CONFIDENCE;

    String csv() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One sample to review.
   *
   * @param requestId the request
   * @param time when it was served
   * @param version the version that served it
   * @param text the stored (redacted) text
   * @param predicted what the model answered
   * @param score its confidence
   * @param reason why it was selected
   * @param label the corrected label, or null when nobody labelled it
   */
  public record Item(String requestId, Instant time, ModelVersion version, String text, String predicted, double score,
      Reason reason, @Nullable String label) {}

  private final double lowConfidence;

  private ReviewQueue(double lowConfidence) {
    this.lowConfidence = lowConfidence;
  }

  /** A queue with the default confidence cut. */
  public static ReviewQueue create() {
    return new ReviewQueue(DEFAULT_LOW_CONFIDENCE);
  }

  /** A queue selecting predictions with confidence below {@code lowConfidence} (in [0, 1]). */
  public static ReviewQueue withLowConfidence(double lowConfidence) {
    if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
      throw new ConfigurationException("lowConfidence must be in [0, 1], got " + lowConfidence);
    }
    return new ReviewQueue(lowConfidence);
  }

  /**
   * The selected samples in capture order. Feedback joins its prediction by request id (the last
   * feedback per request wins); feedback without a captured prediction (sampled out, purged) has no
   * text and is skipped.
   */
  public List<Item> select(Iterable<? extends CaptureEvent> events) {
    Map<String, CaptureRecord> records = new LinkedHashMap<>();
    Map<String, Feedback> feedback = new HashMap<>();
    for (CaptureEvent e : events) {
      if (e instanceof CaptureRecord r) {
        records.put(r.requestId(), r);
      } else {
        feedback.put(e.requestId(), (Feedback) e);
      }
    }
    List<Item> out = new ArrayList<>();
    for (CaptureRecord r : records.values()) {
      Feedback f = feedback.get(r.requestId());
      Reason reason;
      String label = null;
      if (f != null && f.kind() == Feedback.Kind.CORRECTION) {
        reason = Reason.CORRECTED;
        label = f.correctedLabel();
      } else if (f != null && f.kind() == Feedback.Kind.THUMBS_DOWN) {
        reason = Reason.THUMBS_DOWN;
      } else if (f != null && f.kind() == Feedback.Kind.THUMBS_UP) {
        continue; // confirmed right: nothing to review
      } else if (r.outOfScope()) {
        reason = Reason.OUT_OF_SCOPE;
      } else if (r.score() < lowConfidence) {
        reason = Reason.LOW_CONFIDENCE;
      } else {
        continue;
      }
      out.add(new Item(r.requestId(), r.time(), r.modelVersion(), r.text(), r.label(), r.score(), reason, label));
    }
    return out;
  }

  /**
   * Writes {@code items} as CSV to {@code out} atomically (temp file + rename); returns the rows written.
   *
   * @param labelledOnly write only corrected rows (the training file); otherwise every row, unlabelled
   *     ones with the model's answer as the suggested label
   * @throws StoreException when the file cannot be written
   */
  public static int writeCsv(Path out, List<Item> items, boolean labelledOnly) {
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.builder().addColumn("text").addColumn("label").addColumn("reason")
        .addColumn("request_id").addColumn("model_version").addColumn("predicted").addColumn("score")
        .build().withHeader();
    Path dir = out.toAbsolutePath().getParent();
    int rows = 0;
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
          SequenceWriter sw = mapper.writer(schema).writeValues(w)) {
        for (Item i : items) {
          if (labelledOnly && i.label() == null) {
            continue;
          }
          sw.write(List.of(i.text(), i.label() != null ? i.label() : i.predicted(), i.reason().csv(), i.requestId(),
              i.version().toString(), i.predicted(), Double.toString(i.score())));
          rows++;
        }
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("Cannot write review CSV " + out + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
