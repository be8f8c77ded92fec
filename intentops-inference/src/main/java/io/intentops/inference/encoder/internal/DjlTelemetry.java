package io.intentops.inference.encoder.internal;

/**
 * Keeps DJL from phoning home. DJL's {@code HuggingFaceTokenizer.newInstance} calls
 * {@code ai.djl.util.Ec2Utils.callHome}, which (unless {@code OPT_OUT_TRACKING} is set) probes the EC2
 * instance-metadata service at 169.254.169.254 and sends a telemetry request to an S3 bucket. An
 * in-process library must not open network connections its caller did not ask for (found by the
 * Jazzer SSRF detector in intentops-fuzz), so IntentOps opts out before creating tokenizers unless the
 * application set {@code OPT_OUT_TRACKING} itself (environment or system property). Thread-safe.
 */
public final class DjlTelemetry {
  /** DJL's opt-out switch, read from the environment or system properties. */
  public static final String OPT_OUT = "OPT_OUT_TRACKING";

  private DjlTelemetry() {}

  /** Sets the system property {@value #OPT_OUT} to {@code true} unless the application configured it. */
  public static void optOut() {
    if (System.getenv(OPT_OUT) == null && System.getProperty(OPT_OUT) == null) {
      System.setProperty(OPT_OUT, "true");
    }
  }
}
