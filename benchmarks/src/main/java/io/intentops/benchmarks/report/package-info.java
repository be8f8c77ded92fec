/** Renders {@code benchmarks/README.md} from JMH, load-test, machine and eval JSON files. */
@NullMarked
package io.intentops.benchmarks.report;

import org.jspecify.annotations.NullMarked;
