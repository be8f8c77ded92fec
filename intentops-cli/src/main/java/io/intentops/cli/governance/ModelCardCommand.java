package io.intentops.cli.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.governance.docs.ModelCardGenerator;
import io.intentops.governance.report.EvalReportAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intentops model-card}: renders a bundle's model card (Markdown with YAML front matter) from its
 * manifest and its evaluation with {@link ModelCardGenerator}. Not thread-safe (one invocation per instance).
 */
@Command(name = "model-card", mixinStandardHelpOptions = true,
    description = "Write the model card (Markdown) of a bundle from its manifest and its eval.json or governance report.")
public final class ModelCardCommand implements Callable<Integer> {
  private final CliContext ctx;
  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, description = "Bundle directory with manifest.json.")
  Path bundle;

  @Option(names = "--eval-json", description = "The eval harness's eval.json (mapped to the governance report of "
      + "the bundle's model).")
  @Nullable Path evalJson;

  @Option(names = "--report", description = "Instead of --eval-json: a governance report JSON.")
  @Nullable Path report;

  @Option(names = "--out", description = "Write the card to this file (default: stdout).")
  @Nullable Path out;

  @Option(names = "--runbook-url", defaultValue = ModelCardGenerator.DEFAULT_RUNBOOK_URL,
      description = "Runbook link in the card (default: ${DEFAULT-VALUE}).")
  String runbookUrl;

  @Option(names = "--license", defaultValue = "apache-2.0", description = "Model license id (default: ${DEFAULT-VALUE}).")
  String license;

  /** A command over {@code ctx}. */
  public ModelCardCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if ((evalJson == null) == (report == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --eval-json and --report");
    }
    ModelManifest m = ModelManifests.read(bundle.resolve("manifest.json"));
    JsonNode json = evalJson != null ? EvalReportAdapter.fromEvalJson(evalJson, m.name()).json()
        : readReport(report);
    String card = ModelCardGenerator.builder().runbookUrl(runbookUrl).license(license).build().generate(m, json);
    if (out == null) {
      ctx.out().print(card);
    } else {
      ModelManifests.writeAtomically(out, card.getBytes(StandardCharsets.UTF_8));
      ctx.out().println("wrote " + out);
    }
    return ExitCodes.OK;
  }

  private static JsonNode readReport(Path file) {
    try {
      return new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new io.intentops.core.ConfigurationException("Cannot read governance report " + file + ": " + e.getMessage());
    }
  }
}
