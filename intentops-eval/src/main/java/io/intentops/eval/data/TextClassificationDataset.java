package io.intentops.eval.data;

import io.intentops.core.Checksum;
import io.intentops.core.report.DatasetManifest;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A loaded text-classification split: examples in file order, their labels and a manifest that
 * identifies the data. Immutable and thread-safe. Create one with {@link DatasetReaders} or, for
 * in-memory data, {@link #of(String, String, List)}.
 */
public final class TextClassificationDataset {
  private final List<LabeledText> examples;
  private final List<String> labels;
  private final DatasetManifest manifest;

  private TextClassificationDataset(List<LabeledText> examples, DatasetManifest manifest) {
    this.examples = List.copyOf(examples);
    this.labels = List.copyOf(new TreeSet<>(this.examples.stream().map(LabeledText::label).toList()));
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    if (manifest.examples() != this.examples.size()) {
      throw new IllegalArgumentException(
          "manifest says " + manifest.examples() + " examples, got " + this.examples.size());
    }
    if (!manifest.labels().equals(labels)) {
      throw new IllegalArgumentException("manifest labels differ from the examples' labels");
    }
  }

  /** Wraps examples with an existing manifest; the manifest's count and labels must match the examples. */
  public static TextClassificationDataset of(List<LabeledText> examples, DatasetManifest manifest) {
    return new TextClassificationDataset(examples, manifest);
  }

  /**
   * An in-memory dataset: the manifest gets the canonical digest as both digests, and source and
   * license {@code unknown}.
   */
  public static TextClassificationDataset of(String name, String split, List<LabeledText> examples) {
    return of(name, split, examples, null, "unknown", "unknown");
  }

  static TextClassificationDataset of(
      String name, String split, List<LabeledText> examples, @Nullable Checksum fileSha,
      String source, String license) {
    List<LabeledText> copy = List.copyOf(examples);
    List<String> labels = List.copyOf(new TreeSet<>(copy.stream().map(LabeledText::label).toList()));
    var canonical = Canonical.ofTexts(copy);
    return new TextClassificationDataset(copy, new DatasetManifest(
        name, split, copy.size(), labels, fileSha == null ? canonical : fileSha, canonical, source, license));
  }

  /** The examples, in file order. */
  public List<LabeledText> examples() {
    return examples;
  }

  /** Sorted distinct gold labels. */
  public List<String> labels() {
    return labels;
  }

  /** What this data is, with its digests. */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** Number of examples. */
  public int size() {
    return examples.size();
  }

  /** The texts, in order. */
  public List<String> texts() {
    return examples.stream().map(LabeledText::text).toList();
  }

  /** The gold labels, in example order. */
  public List<String> goldLabels() {
    return examples.stream().map(LabeledText::label).toList();
  }
}
