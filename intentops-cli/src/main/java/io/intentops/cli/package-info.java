/**
 * The {@code intentops} command line ({@link io.intentops.cli.IntentOps}): exit codes
 * ({@link io.intentops.cli.ExitCodes}), the per-invocation context ({@link io.intentops.cli.CliContext}) and
 * the progress renderers ({@link io.intentops.cli.ProgressDisplay}). The only module with picocli and a
 * progress bar library; the library modules report progress through callbacks and never print.
 */
@NullMarked
package io.intentops.cli;

import org.jspecify.annotations.NullMarked;
