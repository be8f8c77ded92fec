package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.InvalidInputException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a promotion (or correction) must state. Immutable; build with {@link #builder()}.
 *
 * @param actor who promotes
 * @param codeCommit source commit
 * @param tag release tag
 * @param configDigest digest of the deployment configuration, optional
 * @param deploymentUrl where it goes, optional
 * @param reason why
 */
public record ReleaseRequest(String actor, String codeCommit, String tag, @Nullable Checksum configDigest,
    @Nullable String deploymentUrl, String reason) {
  public ReleaseRequest {
    requireText(actor, "actor");
    requireText(codeCommit, "codeCommit");
    requireText(tag, "tag");
    requireText(reason, "reason");
  }

  private static void requireText(@Nullable String v, String field) {
    if (v == null || v.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "ReleaseRequest." + field + " is required");
    }
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link ReleaseRequest}; validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String actor;
    private @Nullable String codeCommit;
    private @Nullable String tag;
    private @Nullable Checksum configDigest;
    private @Nullable String deploymentUrl;
    private String reason = "release";

    private Builder() {}

    /** Who promotes (required). */
    public Builder actor(String v) {
      actor = Objects.requireNonNull(v);
      return this;
    }

    /** Source commit (required). */
    public Builder codeCommit(String v) {
      codeCommit = Objects.requireNonNull(v);
      return this;
    }

    /** Release tag (required). */
    public Builder tag(String v) {
      tag = Objects.requireNonNull(v);
      return this;
    }

    /** Deployment configuration digest. */
    public Builder configDigest(Checksum v) {
      configDigest = Objects.requireNonNull(v);
      return this;
    }

    /** Deployment URL or location. */
    public Builder deploymentUrl(String v) {
      deploymentUrl = Objects.requireNonNull(v);
      return this;
    }

    /** Reason; default {@code release}. */
    public Builder reason(String v) {
      reason = Objects.requireNonNull(v);
      return this;
    }

    /** Validates and builds. */
    public ReleaseRequest build() {
      return new ReleaseRequest(actor, codeCommit, tag, configDigest, deploymentUrl, reason);
    }
  }
}
