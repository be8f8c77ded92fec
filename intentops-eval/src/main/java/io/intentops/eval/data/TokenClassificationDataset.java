package io.intentops.eval.data;

import io.intentops.core.Checksum;
import io.intentops.core.report.DatasetManifest;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A loaded token-classification (NER) split: BIO-tagged sentences in file order, their entity types
 * and a manifest that identifies the data. Immutable and thread-safe.
 */
public final class TokenClassificationDataset {
  private final List<TaggedSentence> sentences;
  private final List<String> entityTypes;
  private final DatasetManifest manifest;

  private TokenClassificationDataset(List<TaggedSentence> sentences, DatasetManifest manifest) {
    this.sentences = List.copyOf(sentences);
    this.entityTypes = typesOf(this.sentences);
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    if (manifest.examples() != this.sentences.size()) {
      throw new IllegalArgumentException(
          "manifest says " + manifest.examples() + " sentences, got " + this.sentences.size());
    }
  }

  /** Wraps sentences with an existing manifest; the manifest's count must match. */
  public static TokenClassificationDataset of(List<TaggedSentence> sentences, DatasetManifest manifest) {
    return new TokenClassificationDataset(sentences, manifest);
  }

  /** An in-memory dataset; the manifest gets the canonical digest as both digests and source/license {@code unknown}. */
  public static TokenClassificationDataset of(String name, String split, List<TaggedSentence> sentences) {
    return of(name, split, sentences, null, "unknown", "unknown");
  }

  static TokenClassificationDataset of(
      String name, String split, List<TaggedSentence> sentences,
      @Nullable Checksum fileSha, String source, String license) {
    List<TaggedSentence> copy = List.copyOf(sentences);
    var canonical = Canonical.ofSentences(copy);
    return new TokenClassificationDataset(copy, new DatasetManifest(
        name, split, copy.size(), typesOf(copy), fileSha == null ? canonical : fileSha, canonical, source, license));
  }

  private static List<String> typesOf(List<TaggedSentence> sentences) {
    TreeSet<String> types = new TreeSet<>();
    for (TaggedSentence s : sentences) {
      for (String t : s.tags()) {
        if (t.length() > 2 && t.charAt(1) == '-') {
          types.add(t.substring(2));
        }
      }
    }
    return List.copyOf(types);
  }

  /** The sentences, in file order. */
  public List<TaggedSentence> sentences() {
    return sentences;
  }

  /** Sorted distinct entity types (tags without their {@code B-}/{@code I-} prefix). */
  public List<String> entityTypes() {
    return entityTypes;
  }

  /** What this data is, with its digests. */
  public DatasetManifest manifest() {
    return manifest;
  }

  /** Number of sentences. */
  public int size() {
    return sentences.size();
  }

  /** Gold tag sequences, one per sentence. */
  public List<List<String>> goldTags() {
    return sentences.stream().map(TaggedSentence::tags).toList();
  }
}
