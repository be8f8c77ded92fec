package io.intentops.benchmarks.peers;

import io.intentops.core.ModelManifest;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.head.IntentHead;
import io.intentops.models.ReferenceModels;
import java.util.List;

/**
 * The reference BANKING77 bundle's head (standardise, linear, temperature softmax) applied to an
 * embedding that some peer produced. Immutable and thread-safe.
 *
 * @param head the bundle's {@code head.safetensors}
 * @param labels the bundle's labels, in head order
 * @param temperature the bundle's fitted softmax temperature
 */
public record ReferenceHead(IntentHeadWeights head, List<String> labels, double temperature) {

  /** A label and its calibrated probability. */
  public record Label(String label, double probability) {}

  /** Loads the head of {@link ReferenceModels#BANKING77_INTENT} from the classpath. */
  public static ReferenceHead banking77() {
    ModelManifest m = ReferenceModels.banking77IntentManifest();
    IntentHeadWeights w = IntentHeadWeights.read(
        ModelResource.classpath(ReferenceModels.BANKING77_INTENT).resolve(IntentHeadWeights.FILE));
    return new ReferenceHead(w, m.labels(), m.temperature());
  }

  /** The most probable label of {@code embedding} (length {@code head.dim()}). */
  public Label classify(float[] embedding) {
    double[] p = IntentHead.of(head, temperature).classify(embedding);
    int best = IntentHead.argmax(p);
    return new Label(labels.get(best), p[best]);
  }
}
