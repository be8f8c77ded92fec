/**
 * Service-provider interface of the inference module: the pieces of the serving path that other
 * IntentOps modules must compute <em>exactly</em> as serving does, so that what they produce is what
 * {@link io.intentops.inference.ner.NerPredictor} serves.
 *
 * <ul>
 *   <li>{@link io.intentops.inference.spi.OnnxGraph}: reading nodes and initializers of an ONNX
 *       model (training loads the base encoder's weights from it; serving merges deltas into them);
 *   <li>{@link io.intentops.inference.spi.Int8Delta}: the int8 row-delta encoding of fine-tuned
 *       weights (training quantises, serving merges; both call the same arithmetic);
 *   <li>{@link io.intentops.inference.spi.BioDecoder}: BIO label sets, constrained Viterbi and
 *       conlleval chunking (training selects checkpoints with the decoder serving uses);
 *   <li>{@link io.intentops.inference.spi.WordShape}: the casing feature fed to the NER head.
 * </ul>
 *
 * <p>Tokenisation is not here because it is public API:
 * {@link io.intentops.inference.encoder.TextTokenizer} (its word-piece alignment,
 * {@link io.intentops.inference.encoder.TextTokenizer#encodeWords}, is what NER training and serving
 * share). Weight files are read and written with {@link io.intentops.inference.bundle.SafeTensors}.
 *
 * <p><b>Who may use it:</b> IntentOps modules ({@code intentops-train}, {@code intentops-eval},
 * benchmarks, tests) and integrators who train or convert models for IntentOps. Applications that
 * only serve models need nothing from this package.
 *
 * <p><b>Stability:</b> unlike the rest of the public API, types here may change incompatibly between
 * minor versions, together with the bundle format they implement. Everything here is stateless or
 * immutable and thread-safe. Implementation details stay in {@code ..internal} packages, which no code
 * outside {@code intentops-inference} may import.
 */
@NullMarked
package io.intentops.inference.spi;

import org.jspecify.annotations.NullMarked;
