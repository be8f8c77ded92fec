/**
 * Helpers shared by the JSON readers of every module: error locations, JSON paths and reasons for
 * messages ({@link io.intentops.core.json.JsonErrors}).
 */
@NullMarked
package io.intentops.core.json;

import org.jspecify.annotations.NullMarked;
