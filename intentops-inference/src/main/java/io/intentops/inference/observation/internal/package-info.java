/** Implementation of the stage observations; not for use outside {@code intentops-inference}. */
@NullMarked
package io.intentops.inference.observation.internal;

import org.jspecify.annotations.NullMarked;
