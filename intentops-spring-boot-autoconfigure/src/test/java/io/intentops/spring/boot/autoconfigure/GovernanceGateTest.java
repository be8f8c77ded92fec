package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The governance gate at startup: a version the registry does not allow is refused with a clear message. */
class GovernanceGateTest {
  @TempDir Path tmp;

  @Test
  void onlyVersionsInAnAllowedStageAreServed() throws Exception {
    Path bundle = Bundles.copyWithVersion(tmp.resolve("bundle"), Bundles.REFERENCE_VERSION);
    Path gov = Files.createDirectories(tmp.resolve("governance"));
    ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(IntentOpsAutoConfiguration.class, IntentOpsGovernanceAutoConfiguration.class))
        .withPropertyValues("intentops.model.path=" + bundle, "intentops.model.intra-op-threads=1",
            "intentops.governance.directory=" + gov);

    runner.run(ctx -> IntentOpsAutoConfigurationTest.assertFailsNaming(ctx, "intentops.model.path",
        "does not have this version"));

    ModelVersion v = ModelVersion.parse(Bundles.REFERENCE_VERSION);
    try (Governance g = Governance.builder().directory(gov).build()) {
      g.registry().registerBundle(bundle, "alice");
    }
    runner.run(ctx -> IntentOpsAutoConfigurationTest.assertFailsNaming(ctx, "intentops.model.path",
        "has it in stage EXPERIMENT"));

    try (Governance g = Governance.builder().directory(gov).build()) {
      g.registry().transition("banking77-intent", v, Stage.CANDIDATE, "alice", "ready");
      g.registry().transition("banking77-intent", v, Stage.CANARY, "alice", "canary");
    }
    runner.run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(IntentOpsVersionGate.class));

    runner.withPropertyValues("intentops.governance.allowed-stages=PRODUCTION").run(ctx ->
        IntentOpsAutoConfigurationTest.assertFailsNaming(ctx, "intentops.model.path", "has it in stage CANARY"));
    runner.withPropertyValues("intentops.governance.allowed-stages=LIVE").run(ctx ->
        IntentOpsAutoConfigurationTest.assertFailsNaming(ctx, "intentops.governance.allowed-stages", "'LIVE' is not a stage"));
  }
}
