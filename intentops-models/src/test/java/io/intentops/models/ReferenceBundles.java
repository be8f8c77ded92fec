package io.intentops.models;

import java.util.List;

/** Resource folders of the reference bundles that the eval and gate tests cover. */
final class ReferenceBundles {
  static final List<String> DIRECTORIES = List.of(ReferenceModels.BANKING77_INTENT, "io/intentops/models/wnut17-ner/");

  private ReferenceBundles() {}
}
