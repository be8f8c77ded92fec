/** JMH benchmarks. */
@NullMarked
package io.intentops.benchmarks;

import org.jspecify.annotations.NullMarked;
