/** Implementation of the canary judge; not an API. */
@NullMarked
package io.intentops.router.judge.internal;

import org.jspecify.annotations.NullMarked;
