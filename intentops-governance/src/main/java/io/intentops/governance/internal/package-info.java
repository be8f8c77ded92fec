/**
 * Implementation classes; not a public API and may change without notice.
 */
@NullMarked
package io.intentops.governance.internal;

import org.jspecify.annotations.NullMarked;
