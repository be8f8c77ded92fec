/**
 * {@code intentops eval}, {@code gate} and {@code drift} ({@link io.intentops.cli.eval.IntentOpsEval}),
 * and the hook that turns a bundle path into predictors ({@link io.intentops.cli.eval.BundlePredictors}).
 */
@NullMarked
package io.intentops.cli.eval;

import org.jspecify.annotations.NullMarked;
