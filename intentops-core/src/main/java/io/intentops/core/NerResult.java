package io.intentops.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Entities found in one text, in order of their start offsets. Immutable and thread-safe.
 *
 * @param entities non-overlapping entities sorted by start offset
 * @param modelVersion version of the model that answered
 * @param latency wall time spent inside the predictor for this text
 * @param truncated whether the text exceeded the token limit (long texts are processed in windows,
 *     so this only reports that windowing happened)
 */
public record NerResult(List<Entity> entities, ModelVersion modelVersion, Duration latency, boolean truncated) {
  public NerResult {
    entities = List.copyOf(entities);
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(latency, "latency");
    for (int i = 1; i < entities.size(); i++) {
      if (entities.get(i).start() < entities.get(i - 1).end()) {
        throw new IllegalArgumentException("Entities must be sorted and non-overlapping at index " + i);
      }
    }
  }

  /** Entities of the given type, in order. */
  public List<Entity> ofType(String type) {
    return entities.stream().filter(e -> e.type().equals(type)).toList();
  }
}
