/**
 * A BERT encoder in DJL (PyTorch engine) whose weights come from an ONNX export, so that the same
 * encoder ONNX Runtime serves can be fine-tuned in Java. {@link io.intentops.train.bert.BertEncoder}
 * is the entry point.
 */
@NullMarked
package io.intentops.train.bert;

import org.jspecify.annotations.NullMarked;
