/**
 * Lineage: which datasets, training run, bundle, eval report, releases and deployments a model version
 * comes from and went to, as a graph with JSON, Graphviz DOT and self-rendered SVG exports.
 */
@NullMarked
package io.intentops.governance.lineage;

import org.jspecify.annotations.NullMarked;
