package io.intentops.router;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Request-path settings of a {@link Router}: bucketing salt, fallback behaviour, the seed for keyless
 * requests and the A/B test guard. Immutable and thread-safe; build with {@link #custom()}.
 */
public final class RouterConfig {
  /** Salt appended to every routing key before hashing; change it to reshuffle all buckets. */
  public static final String DEFAULT_SALT = "intentops";
  /** Whether a failing non-stable version is answered by the stable version. */
  public static final boolean DEFAULT_FALLBACK_TO_STABLE = true;
  /** Seed of the generator that draws buckets for requests without a key and shadow samples. */
  public static final long DEFAULT_RANDOM_SEED = 2025L;
  /** Two-sided significance level of the A/B z-test. */
  public static final double DEFAULT_AB_ALPHA = 0.05;
  /** Trials each arm needs before the A/B test gives a verdict. */
  public static final long DEFAULT_AB_MIN_SAMPLES = 100;

  /**
   * How long after a promotion the new stable version is still judged; if it breaches in that time,
   * traffic returns to the previous stable version (which must still be registered). Zero disables.
   */
  public static final Duration DEFAULT_BAKE_PERIOD = Duration.ofMinutes(30);

  private static final RouterConfig DEFAULTS = custom().build();

  private final String salt;
  private final boolean fallbackToStable;
  private final @Nullable Duration fallbackTimeout;
  private final long randomSeed;
  private final double abAlpha;
  private final long abMinSamples;
  private final Duration bakePeriod;

  private RouterConfig(Builder b) {
    this.bakePeriod = b.bakePeriod;
    this.salt = b.salt;
    this.fallbackToStable = b.fallbackToStable;
    this.fallbackTimeout = b.fallbackTimeout;
    this.randomSeed = b.randomSeed;
    this.abAlpha = b.abAlpha;
    this.abMinSamples = b.abMinSamples;
  }

  /** The default configuration. */
  public static RouterConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(RouterConfig base) {
    Builder b = new Builder();
    b.salt = base.salt;
    b.fallbackToStable = base.fallbackToStable;
    b.fallbackTimeout = base.fallbackTimeout;
    b.randomSeed = base.randomSeed;
    b.abAlpha = base.abAlpha;
    b.abMinSamples = base.abMinSamples;
    b.bakePeriod = base.bakePeriod;
    return b;
  }

  public String salt() {
    return salt;
  }

  public boolean fallbackToStable() {
    return fallbackToStable;
  }

  /**
   * Longest a non-stable version may take before its answer is discarded as a timeout (a server
   * error), measured on the router's {@link io.intentops.core.Clock}; {@code null} when disabled.
   */
  public @Nullable Duration fallbackTimeout() {
    return fallbackTimeout;
  }

  public long randomSeed() {
    return randomSeed;
  }

  public double abAlpha() {
    return abAlpha;
  }

  public long abMinSamples() {
    return abMinSamples;
  }

  /** How long a newly promoted version is judged before its promotion is final; zero: no bake. */
  public Duration bakePeriod() {
    return bakePeriod;
  }

  /** Builder for {@link RouterConfig}; not thread-safe. */
  public static final class Builder {
    private String salt = DEFAULT_SALT;
    private boolean fallbackToStable = DEFAULT_FALLBACK_TO_STABLE;
    private @Nullable Duration fallbackTimeout;
    private long randomSeed = DEFAULT_RANDOM_SEED;
    private double abAlpha = DEFAULT_AB_ALPHA;
    private long abMinSamples = DEFAULT_AB_MIN_SAMPLES;
    private Duration bakePeriod = DEFAULT_BAKE_PERIOD;

    private Builder() {}

    /** See {@link RouterConfig#bakePeriod()}; zero disables, never negative. */
    public Builder bakePeriod(Duration bakePeriod) {
      this.bakePeriod = Objects.requireNonNull(bakePeriod, "bakePeriod");
      return this;
    }

    public Builder salt(String salt) {
      this.salt = Objects.requireNonNull(salt, "salt");
      return this;
    }

    public Builder fallbackToStable(boolean fallbackToStable) {
      this.fallbackToStable = fallbackToStable;
      return this;
    }

    /** Enables the timeout for non-stable versions; must be positive. */
    public Builder fallbackTimeout(Duration timeout) {
      this.fallbackTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder randomSeed(long seed) {
      this.randomSeed = seed;
      return this;
    }

    public Builder abAlpha(double alpha) {
      this.abAlpha = alpha;
      return this;
    }

    public Builder abMinSamples(long minSamples) {
      this.abMinSamples = minSamples;
      return this;
    }

    /** Validates and builds. @throws ConfigurationException naming the offending field */
    public RouterConfig build() {
      if (fallbackTimeout != null && (fallbackTimeout.isZero() || fallbackTimeout.isNegative())) {
        throw new ConfigurationException("RouterConfig.fallbackTimeout must be positive, got " + fallbackTimeout);
      }
      if (!(abAlpha > 0.0 && abAlpha < 1.0)) {
        throw new ConfigurationException("RouterConfig.abAlpha must be in (0, 1), got " + abAlpha);
      }
      if (bakePeriod.isNegative()) {
        throw new ConfigurationException("RouterConfig.bakePeriod must not be negative, got " + bakePeriod);
      }
      if (abMinSamples < 1) {
        throw new ConfigurationException("RouterConfig.abMinSamples must be >= 1, got " + abMinSamples);
      }
      return new RouterConfig(this);
    }
  }
}
