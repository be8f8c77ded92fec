/**
 * Reference model bundles shipped as classpath resources, with accessors: {@link io.intentops.models.ReferenceModels}.
 */
@NullMarked
package io.intentops.models;

import org.jspecify.annotations.NullMarked;
