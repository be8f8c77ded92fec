package io.intentops.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), run from the
 * {@code org.apache.kafka:kafka_2.13} Maven artifact in a child JVM: {@code kafka.tools.StorageTool
 * format}, then {@code kafka.Kafka}. No Docker, nothing but Maven Central. {@link #close()} kills it and
 * a shutdown hook does too, so a failed test never leaves a broker behind. Also runnable on its own
 * ({@code main}: prints the bootstrap address and runs until killed), which {@code .ci/kafka-start.sh} uses.
 */
public final class KraftBroker implements AutoCloseable {
  private final Process process;
  private final String bootstrap;
  private final Path dir;
  private final Thread hook;

  private KraftBroker(Process process, String bootstrap, Path dir) {
    this.process = process;
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.hook = new Thread(process::destroyForcibly, "kraft-broker-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Formats storage under {@code dir}, starts the broker and waits until it answers (at most {@code timeout}). */
  public static KraftBroker start(Path dir, Duration timeout) throws IOException, InterruptedException {
    int port = freePort();
    int controller = freePort();
    Path logs = Files.createDirectories(dir.resolve("data"));
    Path props = dir.resolve("server.properties");
    Files.writeString(props, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logs.toAbsolutePath(),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "") );
    Path out = dir.resolve("broker.log");
    Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
        props.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException("Kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
    }
    Process p = java("kafka.Kafka", props.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    KraftBroker b = new KraftBroker(p, "127.0.0.1:" + port, dir);
    try {
      b.awaitReady(timeout);
    } catch (IOException | RuntimeException | InterruptedException e) {
      b.close();
      throw e;
    }
    return b;
  }

  private static ProcessBuilder java(String main, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException("Kafka broker exited with " + process.exitValue() + ": " + tail());
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
          Thread.sleep(200);
        }
      }
    }
    throw new IOException("Kafka broker not ready within " + timeout + ": " + tail());
  }

  private String tail() throws IOException {
    Path log = dir.resolve("broker.log");
    if (!Files.exists(log)) {
      return "(no log)";
    }
    String s = Files.readString(log);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  /** CPU time the broker process has used so far, where the OS reports it. */
  public java.util.Optional<Duration> cpuTime() {
    return process.toHandle().info().totalCpuDuration();
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrap() {
    return bootstrap;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** Runs a broker in {@code args[0]} until killed; prints {@code BOOTSTRAP=host:port} once it is ready. */
  public static void main(String[] args) throws Exception {
    KraftBroker b = start(Path.of(args[0]), Duration.ofSeconds(60));
    System.out.println("BOOTSTRAP=" + b.bootstrap());
    System.out.flush();
    b.process.waitFor();
  }
}
