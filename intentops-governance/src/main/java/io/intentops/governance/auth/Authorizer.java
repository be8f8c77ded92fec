package io.intentops.governance.auth;

/**
 * Decides whether a {@link Principal} may make a governance call. Configure one with
 * {@code Governance.builder().authorizer(...)}; from then on every mutating call must come through
 * a principal-taking method and pass this check, and the principal-less ({@code String actor})
 * methods are refused (deny by default). Without an authorizer governance runs unauthenticated, for
 * embedded and development use: the {@code actor} strings are trusted as given.
 *
 * <p>Implementations must be thread-safe and side-effect free; governance audits every refusal
 * itself. {@link RoleBasedAuthorizer} is the stock implementation.
 */
@FunctionalInterface
public interface Authorizer {

  /**
   * Whether {@code principal} may do {@code permission} on {@code subject}.
   *
   * @param subject what the call touches: {@code model@version}, or the model name for model-wide calls
   */
  boolean permits(Principal principal, Permission permission, String subject);

  /** The stock role-based authorizer with the predefined roles ({@link RoleBasedAuthorizer#defaults()}). */
  static Authorizer roleBased() {
    return RoleBasedAuthorizer.defaults();
  }
}
