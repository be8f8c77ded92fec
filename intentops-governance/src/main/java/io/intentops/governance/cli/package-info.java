/**
 * Command-line entry points (picocli): the deploy gate CI runs and audit verification.
 */
@NullMarked
package io.intentops.governance.cli;

import org.jspecify.annotations.NullMarked;
