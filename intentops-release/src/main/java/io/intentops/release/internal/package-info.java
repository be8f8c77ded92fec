/** Implementation of the release loop; not for use outside {@code intentops-release}. */
@NullMarked
package io.intentops.release.internal;

import org.jspecify.annotations.NullMarked;
