package io.intentops.router;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import java.util.Objects;

/**
 * Shadow traffic: a share of the requests answered by the stable version is replayed, asynchronously,
 * against a shadow version whose answer is only compared, never returned. Work runs on a bounded
 * executor owned by the router; when its queue is full the shadow request is dropped and counted, so
 * the caller's latency and result are never affected. Immutable; build with {@link #custom(ModelVersion,
 * AgreementFunction)}.
 *
 * @param <O> output type
 */
public final class ShadowConfig<O> {
  /** 10 % of stable-answered requests. */
  public static final int DEFAULT_SHARE_BPS = 1_000;
  public static final int DEFAULT_THREADS = 1;
  public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

  private final ModelVersion version;
  private final AgreementFunction<O> agreement;
  private final int shareBps;
  private final int threads;
  private final int queueCapacity;

  private ShadowConfig(Builder<O> b) {
    this.version = b.version;
    this.agreement = b.agreement;
    this.shareBps = b.shareBps;
    this.threads = b.threads;
    this.queueCapacity = b.queueCapacity;
  }

  /** A builder for shadowing {@code version}, comparing outputs with {@code agreement}. */
  public static <O> Builder<O> custom(ModelVersion version, AgreementFunction<O> agreement) {
    return new Builder<>(version, agreement);
  }

  public ModelVersion version() {
    return version;
  }

  public AgreementFunction<O> agreement() {
    return agreement;
  }

  /** Share of stable-answered requests mirrored, in basis points. */
  public int shareBps() {
    return shareBps;
  }

  public int threads() {
    return threads;
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  /** Builder for {@link ShadowConfig}; not thread-safe. */
  public static final class Builder<O> {
    private final ModelVersion version;
    private final AgreementFunction<O> agreement;
    private int shareBps = DEFAULT_SHARE_BPS;
    private int threads = DEFAULT_THREADS;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

    private Builder(ModelVersion version, AgreementFunction<O> agreement) {
      this.version = Objects.requireNonNull(version, "version");
      this.agreement = Objects.requireNonNull(agreement, "agreement");
    }

    public Builder<O> shareBps(int shareBps) {
      this.shareBps = shareBps;
      return this;
    }

    public Builder<O> threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder<O> queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public ShadowConfig<O> build() {
      if (shareBps < 0 || shareBps > 10_000) {
        throw new ConfigurationException("ShadowConfig.shareBps must be in [0, 10000], got " + shareBps);
      }
      if (threads < 1 || threads > 64) {
        throw new ConfigurationException("ShadowConfig.threads must be in [1, 64], got " + threads);
      }
      if (queueCapacity < 1) {
        throw new ConfigurationException("ShadowConfig.queueCapacity must be >= 1, got " + queueCapacity);
      }
      return new ShadowConfig<>(this);
    }
  }
}
