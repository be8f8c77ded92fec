/**
 * Reusable encoder building blocks: {@link io.intentops.inference.encoder.ModelResource} (files,
 * directories and classpath resources with digests), {@link io.intentops.inference.encoder.TextTokenizer}
 * (Hugging Face {@code tokenizer.json} with per-token character offsets and truncation),
 * {@link io.intentops.inference.encoder.OrtSessions} (deliberate ONNX Runtime session settings) and
 * {@link io.intentops.inference.encoder.SentenceEncoder} (BERT-style ONNX encoder with mean or CLS
 * pooling). No ONNX Runtime type appears in this package's API; sessions are created and run by the
 * implementation.
 *
 * <p>All public types here are thread-safe unless their Javadoc says otherwise.
 */
@NullMarked
package io.intentops.inference.encoder;

import org.jspecify.annotations.NullMarked;
