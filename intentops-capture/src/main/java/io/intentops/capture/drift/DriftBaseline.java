package io.intentops.capture.drift;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intentops.capture.CaptureFormatException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What live traffic is compared with: the predicted-class counts, a histogram of confidences over
 * {@value #CONFIDENCE_BINS} equal-width bins of [0, 1] (the last bin is closed), and the number flagged
 * out of scope, from a model version's predictions on its eval set. Stored in the bundle as
 * {@value #FILE_NAME}. Optionally an {@link EmbeddingSummary} (a projected sample of reference
 * embeddings) for embedding drift; baselines written before it existed, or built without embeddings,
 * have none and the monitor then skips embedding drift. Immutable and thread-safe.
 *
 * @param modelVersion the version the baseline describes
 * @param size predictions summarised
 * @param labelCounts predictions per label, sorted by label
 * @param confidenceHistogram predictions per confidence bin ({@value #CONFIDENCE_BINS} entries)
 * @param outOfScope predictions flagged out of scope
 * @param embedding the reference embedding sample, or null
 */
public record DriftBaseline(ModelVersion modelVersion, long size, Map<String, Long> labelCounts,
    List<Long> confidenceHistogram, long outOfScope, @Nullable EmbeddingSummary embedding) {
  /** File name inside a bundle directory. */
  public static final String FILE_NAME = "drift-baseline.json";
  /** Equal-width confidence bins over [0, 1]. */
  public static final int CONFIDENCE_BINS = 20;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DriftBaseline {
    labelCounts = java.util.Collections.unmodifiableMap(new TreeMap<>(labelCounts));
    confidenceHistogram = List.copyOf(confidenceHistogram);
    if (size < 1) {
      throw new CaptureFormatException("A drift baseline needs at least one prediction, got " + size);
    }
    if (confidenceHistogram.size() != CONFIDENCE_BINS) {
      throw new CaptureFormatException("confidenceHistogram must have " + CONFIDENCE_BINS + " bins, got "
          + confidenceHistogram.size());
    }
    long labels = 0;
    for (var e : labelCounts.entrySet()) {
      if (e.getValue() < 0) {
        throw new CaptureFormatException("label count of '" + e.getKey() + "' must be >= 0, got " + e.getValue());
      }
      labels += e.getValue();
    }
    long hist = 0;
    for (long c : confidenceHistogram) {
      if (c < 0) {
        throw new CaptureFormatException("confidence histogram counts must be >= 0, got " + c);
      }
      hist += c;
    }
    if (labels != size || hist != size || outOfScope < 0 || outOfScope > size) {
      throw new CaptureFormatException("inconsistent baseline: size " + size + ", label counts sum to " + labels
          + ", histogram sums to " + hist + ", outOfScope " + outOfScope);
    }
  }

  /** A baseline without an embedding summary. */
  public DriftBaseline(ModelVersion modelVersion, long size, Map<String, Long> labelCounts,
      List<Long> confidenceHistogram, long outOfScope) {
    this(modelVersion, size, labelCounts, confidenceHistogram, outOfScope, null);
  }

  /** This baseline with {@code summary} as its embedding summary. */
  public DriftBaseline withEmbedding(@Nullable EmbeddingSummary summary) {
    return new DriftBaseline(modelVersion, size, labelCounts, confidenceHistogram, outOfScope, summary);
  }

  /** The confidence bin of {@code score} in [0, 1]. */
  public static int bin(double score) {
    return Math.min(CONFIDENCE_BINS - 1, (int) Math.floor(score * CONFIDENCE_BINS));
  }

  /** The baseline of {@code predictions} (for example a bundle's predictions on its eval split). */
  public static DriftBaseline of(ModelVersion version, List<IntentPrediction> predictions) {
    Map<String, Long> labels = new TreeMap<>();
    long[] hist = new long[CONFIDENCE_BINS];
    long oos = 0;
    for (IntentPrediction p : predictions) {
      labels.merge(p.label(), 1L, Long::sum);
      hist[bin(p.score())]++;
      oos += p.outOfScope() ? 1 : 0;
    }
    return new DriftBaseline(version, predictions.size(), labels, toList(hist), oos);
  }

  /** The baseline of captured records (for example the first week of a version known to be healthy). */
  public static DriftBaseline ofRecords(ModelVersion version, List<CaptureRecord> records) {
    Map<String, Long> labels = new TreeMap<>();
    long[] hist = new long[CONFIDENCE_BINS];
    long oos = 0;
    for (CaptureRecord r : records) {
      labels.merge(r.label(), 1L, Long::sum);
      hist[bin(r.score())]++;
      oos += r.outOfScope() ? 1 : 0;
    }
    return new DriftBaseline(version, records.size(), labels, toList(hist), oos);
  }

  static List<Long> toList(long[] xs) {
    List<Long> out = new ArrayList<>(xs.length);
    for (long x : xs) {
      out.add(x);
    }
    return out;
  }

  /** Share flagged out of scope. */
  public double oosRate() {
    return outOfScope / (double) size;
  }

  /**
   * Writes {@value #FILE_NAME} into {@code bundleDir} atomically (temp file + rename).
   *
   * @throws StoreException when it cannot be written
   */
  public void writeTo(Path bundleDir) {
    Path target = bundleDir.resolve(FILE_NAME);
    try {
      Path tmp = Files.createTempFile(bundleDir, FILE_NAME, ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("Cannot write drift baseline " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@value #FILE_NAME} from {@code bundleDir}.
   *
   * @throws CaptureFormatException naming the file when it is missing, malformed or inconsistent
   */
  public static DriftBaseline readFrom(Path bundleDir) {
    Path f = bundleDir.resolve(FILE_NAME);
    try {
      return JSON.readValue(f.toFile(), DriftBaseline.class);
    } catch (NoSuchFileException e) {
      throw new CaptureFormatException("No drift baseline at " + f, e);
    } catch (JacksonException e) {
      Throwable c = e.getCause() instanceof CaptureFormatException cfe ? cfe : e;
      throw new CaptureFormatException("Malformed drift baseline " + f + ": "
          + (c instanceof CaptureFormatException ? c.getMessage() : e.getOriginalMessage()), e);
    } catch (IOException e) {
      if (!Files.exists(f)) {
        throw new CaptureFormatException("No drift baseline at " + f, e);
      }
      throw new StoreException("Cannot read drift baseline " + f + ": " + e.getMessage(), e);
    }
  }
}
