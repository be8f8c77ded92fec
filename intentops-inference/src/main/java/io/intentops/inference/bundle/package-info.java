/**
 * Model bundle files: a validating {@link io.intentops.inference.bundle.SafeTensors} reader and writer,
 * {@link io.intentops.inference.bundle.BundleFiles} for SHA-256 verification of every file a manifest
 * lists, and a {@link io.intentops.inference.encoder.DigestCache} for large encoder files.
 *
 * <p>All public types here are thread-safe.
 */
@NullMarked
package io.intentops.inference.bundle;

import org.jspecify.annotations.NullMarked;
