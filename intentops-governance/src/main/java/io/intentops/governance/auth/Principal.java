package io.intentops.governance.auth;

import io.intentops.core.InvalidInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An authenticated caller: an identity (a person's login, a CI service account) and the roles the host
 * application's authentication gave it. Governance never authenticates; the host does (SSO, mTLS, a
 * CI OIDC token) and hands the result in. Role names are normalised with {@link #normalizeRole}
 * ({@code qa-tester} and {@code QA_TESTER} are the same role). Immutable and thread-safe.
 *
 * @param id identity recorded as the actor of every call made with this principal; non-blank
 * @param roles role names, normalised and sorted
 */
public record Principal(String id, Set<String> roles) {
  /** What a role name must look like after normalisation. */
  public static final Pattern ROLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public Principal {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "Principal.id must not be blank");
    }
    TreeSet<String> r = new TreeSet<>();
    for (String s : roles) {
      r.add(normalizeRole(s));
    }
    roles = Collections.unmodifiableSet(r);
  }

  /** A principal with these roles. */
  public static Principal of(String id, String... roles) {
    return new Principal(id, Set.of(roles));
  }

  /** A principal with these roles. */
  public static Principal of(String id, Collection<String> roles) {
    return new Principal(id, Set.copyOf(roles));
  }

  /** Whether this principal holds {@code role} (any spelling {@link #normalizeRole} accepts). */
  public boolean hasRole(String role) {
    return roles.contains(normalizeRole(role));
  }

  /**
   * Upper-cases a role name and maps {@code -} and spaces to {@code _}.
   *
   * @throws InvalidInputException when the result does not match {@link #ROLE_NAME}
   */
  public static String normalizeRole(String role) {
    String t = role == null ? "" : role.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    if (!ROLE_NAME.matcher(t).matches()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Role name '" + role + "' must match " + ROLE_NAME.pattern() + " after upper-casing");
    }
    return t;
  }
}
