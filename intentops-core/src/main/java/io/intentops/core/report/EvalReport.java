package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The content of {@code eval.json}: every metric of one evaluation run with the datasets, models and
 * environment that produced it. Immutable and thread-safe. Schema documented in {@code docs/eval-json.md};
 * read and written by {@link EvalJson}.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param createdAt when the report was written
 * @param run code commit, JVM, OS, CPU and wall-clock time
 * @param models the evaluated models
 * @param intent intent results, one per dataset split (absent in JSON: empty)
 * @param oos out-of-scope results, or null when not evaluated
 * @param ner NER results, one per dataset split (absent in JSON: empty)
 * @param explanations faithfulness of word attributions, or null when not evaluated (optional in JSON)
 * @param robustness intent results under seeded text perturbations, or null when not evaluated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalReport(
    int schemaVersion,
    Instant createdAt,
    RunInfo run,
    List<ModelInfo> models,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<IntentSection> intent,
    @Nullable OosSection oos,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<NerSection> ner,
    @Nullable ExplanationSection explanations,
    @Nullable RobustnessSection robustness) {

  /** The schema version this library writes. */
  public static final int SCHEMA_VERSION = 1;

  @JsonCreator
  public EvalReport {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(run, "run");
    models = models == null ? List.of() : List.copyOf(models);
    intent = intent == null ? List.of() : List.copyOf(intent);
    ner = ner == null ? List.of() : List.copyOf(ner);
  }

  /** A report without explanations or robustness sections. */
  public EvalReport(int schemaVersion, Instant createdAt, RunInfo run, List<ModelInfo> models, List<IntentSection> intent,
      @Nullable OosSection oos, List<NerSection> ner) {
    this(schemaVersion, createdAt, run, models, intent, oos, ner, null, null);
  }

  /** This report with {@code section} as its explanations section. */
  public EvalReport withExplanations(@Nullable ExplanationSection section) {
    return new EvalReport(schemaVersion, createdAt, run, models, intent, oos, ner, section, robustness);
  }

  /** This report with {@code section} as its robustness section. */
  public EvalReport withRobustness(@Nullable RobustnessSection section) {
    return new EvalReport(schemaVersion, createdAt, run, models, intent, oos, ner, explanations, section);
  }

  /** The intent section measured on {@code role}, if any (the first one when there are several). */
  public Optional<IntentSection> intent(SplitRole role) {
    return intent.stream().filter(s -> s.role() == role).findFirst();
  }

  /** The NER section measured on {@code role}, if any. */
  public Optional<NerSection> ner(SplitRole role) {
    return ner.stream().filter(s -> s.role() == role).findFirst();
  }
}
