/** Implementations behind the public capture types. */
@NullMarked
package io.intentops.capture.internal;

import org.jspecify.annotations.NullMarked;
