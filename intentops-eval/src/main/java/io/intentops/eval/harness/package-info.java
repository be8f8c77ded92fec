/**
 * The evaluation harness: runs a {@link io.intentops.core.Predictor} over a dataset and turns its
 * outputs into report sections ({@link io.intentops.eval.harness.EvalHarness}); maps NER character
 * spans back to per-token BIO tags ({@link io.intentops.eval.harness.BioAlignment}).
 */
@NullMarked
package io.intentops.eval.harness;

import org.jspecify.annotations.NullMarked;
