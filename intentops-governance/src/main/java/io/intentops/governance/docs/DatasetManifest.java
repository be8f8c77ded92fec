package io.intentops.governance.docs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.core.JsonErrors;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A dataset's manifest for governance: its files by digest, license and source, and the two fields a
 * data-protection review asks for first: on what basis the texts may be used ({@code consent}) and
 * how long they are kept ({@code retention}), plus what the PII scan found. JSON with snake_case
 * fields ({@link #toJson()}, {@link #parse}); every field but {@code retain_until} and
 * {@code pii_findings} is required and non-blank, so a manifest without a consent or retention
 * statement does not load. Immutable.
 *
 * @param name dataset name, e.g. {@code BANKING77}
 * @param files file path (relative to the dataset root) to SHA-256
 * @param license SPDX-style license id
 * @param source where it comes from (URL)
 * @param consent the basis for using the texts, as the publisher states it, and what IntentOps holds
 * @param retention how long copies are kept and when they are deleted
 * @param retainUntil a fixed deletion date (ISO-8601), or null when retention is tied to an event
 * @param piiFindings PII scan result per file ({@code PiiScanner} counts), or null when not scanned
 */
public record DatasetManifest(String name, Map<String, Checksum> files, String license, String source, String consent,
    String retention, @Nullable String retainUntil, @Nullable Map<String, Integer> piiFindings) {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final java.util.Set<String> FIELDS = new java.util.TreeSet<>(java.util.List.of("name", "files",
      "license", "source", "consent", "retention", "retain_until", "pii_findings"));

  public DatasetManifest {
    require(name, "name");
    require(license, "license");
    require(source, "source");
    require(consent, "consent");
    require(retention, "retention");
    if (files == null || files.isEmpty()) {
      throw new ConfigurationException("DatasetManifest " + name + ": files must list at least one file");
    }
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    piiFindings = piiFindings == null ? null : Collections.unmodifiableMap(new TreeMap<>(piiFindings));
  }

  private static void require(@Nullable String v, String field) {
    if (v == null || v.isBlank()) {
      throw new ConfigurationException("DatasetManifest." + field + " is required (a dataset without a " + field
          + " statement cannot be used for training)");
    }
  }

  /**
   * The manifest of a dataset IntentOps knows ({@code banking77}, {@code wnut17}, {@code clinc150};
   * {@link DatasetLicense#known}), for these files. The consent text states the publisher's license as
   * the basis and that IntentOps holds no consent records of individual authors; retention is tied to
   * the registered versions trained on it.
   *
   * @throws ConfigurationException for another directory
   */
  public static DatasetManifest known(String datasetDir, Map<String, Checksum> files,
      @Nullable Map<String, Integer> piiFindings) {
    var k = DatasetLicense.known(datasetDir);
    if (k.isEmpty()) {
      throw new ConfigurationException("No known manifest for dataset directory '" + datasetDir
          + "': write one with consent and retention statements");
    }
    return new DatasetManifest(k.get(0), files, k.get(1), k.get(2),
        "Public research dataset used under its published license " + k.get(1) + " (" + k.get(2) + "); the basis for "
            + "the texts' collection is the publisher's. IntentOps holds no consent records of individual authors "
            + "and does not add personal data.",
        "Local copies are kept while any registered model version trained or evaluated on these files is not "
            + "ARCHIVED, then deleted; digests stay in the release records and audit log.",
        null, piiFindings);
  }

  /** Pretty JSON (snake_case, sorted maps). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JacksonException e) {
      throw new IllegalStateException("Cannot serialise DatasetManifest " + name, e);
    }
  }

  /**
   * Reads a manifest; {@code source} names it in messages.
   *
   * @throws ConfigurationException naming the position or the missing field
   */
  public static DatasetManifest parse(String json, String sourceName) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
      if (tree == null || !tree.isObject()) {
        throw new ConfigurationException(sourceName + ": a dataset manifest must be a JSON object");
      }
      // Checked before binding: the record constructor's "required" message would hide a misspelt field.
      for (java.util.Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!FIELDS.contains(f)) {
          throw new ConfigurationException(sourceName + ": $." + f + ": unknown field (allowed: " + FIELDS + ")");
        }
      }
      return JSON.treeToValue(tree, DatasetManifest.class);
    } catch (JacksonException e) {
      Throwable c = e.getCause();
      if (c instanceof ConfigurationException ce) {
        throw new ConfigurationException(sourceName + ": " + ce.getMessage());
      }
      throw new ConfigurationException(sourceName + ": " + e.getOriginalMessage() + JsonErrors.location(e));
    }
  }
}
