package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The governance gate at startup, on when {@code intentops-governance} is on the classpath and
 * {@code intentops.governance.directory} is set: every served version must be registered in that
 * registry and be in one of {@code intentops.governance.allowed-stages} (default CANARY, PRODUCTION);
 * otherwise startup fails naming the property that configured the version.
 */
@AutoConfiguration(before = IntentOpsAutoConfiguration.class)
@ConditionalOnClass(Governance.class)
@ConditionalOnProperty(prefix = IntentOpsProperties.PREFIX, name = "governance.directory")
public class IntentOpsGovernanceAutoConfiguration {

  @Bean
  IntentOpsVersionGate intentOpsGovernanceGate(IntentOpsProperties props) {
    IntentOpsProperties.Governance g = props.getGovernance();
    String dirProperty = "intentops.governance.directory";
    Path dir = Path.of(g.getDirectory());
    if (!Files.isDirectory(dir)) {
      throw new InvalidIntentOpsPropertyException(dirProperty, g.getDirectory(), "is not a governance directory");
    }
    Set<Stage> allowed = EnumSet.noneOf(Stage.class);
    for (String s : g.getAllowedStages()) {
      try {
        allowed.add(Stage.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidIntentOpsPropertyException("intentops.governance.allowed-stages", String.join(",",
            g.getAllowedStages()), "'" + s + "' is not a stage; stages are " + List.of(Stage.values()));
      }
    }
    return (model, version, property) -> check(dir, model, version, property, allowed);
  }

  private static void check(Path dir, String model, ModelVersion version, String property, Set<Stage> allowed) {
    Optional<VersionEntry> entry;
    try (Governance gov = Governance.builder().directory(dir).build()) {
      entry = gov.registry().version(model, version);
    }
    if (entry.isEmpty()) {
      throw new InvalidIntentOpsPropertyException(property, model + "@" + version,
          "the registry at " + dir + " does not have this version; register it and move it to one of "
              + new ArrayList<>(allowed) + " first");
    }
    if (!allowed.contains(entry.get().stage())) {
      throw new InvalidIntentOpsPropertyException(property, model + "@" + version,
          "the registry at " + dir + " has it in stage " + entry.get().stage() + "; only " + new ArrayList<>(allowed)
              + " may be served (intentops.governance.allowed-stages)");
    }
  }
}
