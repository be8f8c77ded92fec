/** Internals of NER serving: ONNX graph reading, weight injection, decoding helpers. Not public API. */
@NullMarked
package io.intentops.inference.ner.internal;

import org.jspecify.annotations.NullMarked;
