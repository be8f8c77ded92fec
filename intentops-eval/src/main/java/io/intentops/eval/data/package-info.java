/** Dataset readers and the configurable dataset location. */
@NullMarked
package io.intentops.eval.data;

import org.jspecify.annotations.NullMarked;
