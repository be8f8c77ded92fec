package io.intentops.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentops.core.ConfigurationException;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Request bodies of the load test: BANKING77 test texts (in-scope) mixed with a share of CLINC150
 * {@code oos_test} texts (out-of-scope), read in place through {@link DatasetPaths}, shuffled with a fixed
 * seed and turned into {@code {"text": ..., "userId": ...}} JSON bodies. Stateless.
 */
final class RequestTexts {
  /** Seed of the shuffle. */
  static final long SEED = 2025;
  /** Distinct routing keys (userId) the bodies cycle through. */
  static final int USERS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestTexts() {}

  /** The mixed texts: all BANKING77 test texts plus enough {@code oos_test} texts for {@code oosShare}. */
  static List<String> mixed(Path banking77TestCsv, Path clincDataFullJson, double oosShare) {
    if (!(oosShare >= 0) || oosShare >= 1) {
      throw new ConfigurationException("oosShare must be in [0, 1), got " + oosShare);
    }
    List<String> inScope = DatasetReaders.banking77(banking77TestCsv).texts();
    List<String> oos = new ArrayList<>(DatasetReaders.clinc150(clincDataFullJson, "oos_test").texts());
    // n_oos / (n_in + n_oos) = share  =>  n_oos = share * n_in / (1 - share)
    int wanted = (int) Math.round(oosShare * inScope.size() / (1 - oosShare));
    Random rnd = new Random(SEED);
    Collections.shuffle(oos, rnd);
    List<String> all = new ArrayList<>(inScope);
    for (int i = 0; i < wanted; i++) {
      all.add(oos.get(i % oos.size()));
    }
    Collections.shuffle(all, rnd);
    return List.copyOf(all);
  }

  /** The texts from the default dataset locations ({@code banking77/test.csv}, {@code clinc150/data_full.json}). */
  static List<String> fromDatasets(double oosShare) {
    Path banking = DatasetPaths.find("banking77/test.csv").orElseThrow(() -> new ConfigurationException(
        "BANKING77 test set not found at " + DatasetPaths.banking77().resolve("test.csv") + ". " + DatasetPaths.HOW_TO_GET));
    Path clinc = DatasetPaths.find("clinc150/data_full.json").orElseThrow(() -> new ConfigurationException(
        "CLINC150 not found at " + DatasetPaths.clinc150().resolve("data_full.json") + ". " + DatasetPaths.HOW_TO_GET));
    return mixed(banking, clinc, oosShare);
  }

  /** JSON bodies for {@code texts}, with userIds {@code loadtest-0} .. {@code loadtest-99} in turn. */
  static List<byte[]> bodies(List<String> texts) {
    List<byte[]> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      ObjectNode n = JSON.createObjectNode();
      n.put("text", texts.get(i));
      n.put("userId", "loadtest-" + (i % USERS));
      try {
        out.add(JSON.writeValueAsBytes(n));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise a request body", e);
      }
    }
    return out;
  }
}
