package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackAndGeneratorTest {
  private static final List<byte[]> BODY = List.of("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1"})
  void loopbackHostsAreAccepted(String host) {
    assertThatCode(() -> Loopback.require(host)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "192.168.0.1", "8.8.8.8", "0.0.0.0", "2001:db8::1"})
  void otherHostsAreRefused(String host) {
    assertThatThrownBy(() -> Loopback.require(host)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(host).hasMessageContaining("loopback");
    assertThatThrownBy(() -> LoadGenerator.custom().host(host).port(8080).bodies(BODY).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("loopback");
  }

  @Test
  void builderValidatesItsSettings() {
    assertThatThrownBy(() -> LoadGenerator.custom().bodies(BODY).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> LoadGenerator.custom().port(8080).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("body");
    assertThatThrownBy(() -> LoadGenerator.custom().port(8080).bodies(BODY).path("v1").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("path");
    assertThatThrownBy(() -> LoadGenerator.custom().port(8080).bodies(BODY).threads(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("threads");
    assertThatThrownBy(() -> LoadGenerator.custom().port(8080).bodies(BODY).requestTimeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeouts");
  }

  @Test
  void aPortWithoutAServerGivesIoErrorsNotLatencies() throws Exception {
    int port = ServiceProcess.freePort(); // nothing listens there
    try (LoadGenerator gen = LoadGenerator.custom().port(port).bodies(BODY).build()) {
      List<PhaseResult> r = gen.run(List.of(PhaseSpec.steady("refused", 5, Duration.ofSeconds(1))));
      PhaseResult p = r.get(0);
      assertThat(p.requests()).isEqualTo(5);
      assertThat(p.ioErrors()).isEqualTo(5);
      assertThat(p.errors()).isEqualTo(5);
      assertThat(p.errorRate()).isEqualTo(1.0);
      assertThat(p.p50Ms()).isNull();
      assertThat(p.maxMs()).isNull();
      assertThat(p.achievedRps()).isZero();
      assertThat(p.meets(150, 0.005)).isFalse();
    }
  }

  @Test
  void theCliRefusesBadOptionsWithExitCode2(@TempDir Path out) {
    assertThat(LoadTestCli.execute("--name", "x", "--port", "8080", "--host", "10.1.2.3", "--out", out.toString()))
        .isEqualTo(2);
    assertThat(LoadTestCli.execute("--name", "Bad Name", "--port", "8080", "--out", out.toString())).isEqualTo(2);
    assertThat(LoadTestCli.execute("--name", "x", "--port", "8080", "--rps", "0", "--out", out.toString())).isEqualTo(2);
    assertThat(LoadTestCli.execute("--name", "x", "--out", out.toString())).isEqualTo(2); // --port missing
    assertThat(out.toFile().list()).isEmpty();
  }
}
