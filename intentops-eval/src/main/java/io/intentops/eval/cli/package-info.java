/**
 * The {@code intentops-eval} command line: {@code eval}, {@code gate} and {@code drift}
 * ({@link io.intentops.eval.cli.IntentOpsEval}), and the hook that turns a bundle path into predictors
 * ({@link io.intentops.eval.cli.BundlePredictors}).
 */
@NullMarked
package io.intentops.eval.cli;

import org.jspecify.annotations.NullMarked;
