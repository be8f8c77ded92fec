/**
 * The quickstart sample: classify banking queries (with out-of-scope detection), extract entities
 * when an NER model is available, then watch a degraded canary breach its SLO and get rolled back.
 * Run it with {@code mvn -q -pl samples/quickstart exec:java}.
 */
@NullMarked
package io.intentops.samples.quickstart;

import org.jspecify.annotations.NullMarked;
