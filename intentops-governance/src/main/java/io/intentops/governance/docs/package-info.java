/**
 * Document generators: model cards with Hugging Face front matter and {@code DATA_LICENSES.md}.
 */
@NullMarked
package io.intentops.governance.docs;

import org.jspecify.annotations.NullMarked;
