package io.intentops.governance.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Role-based {@link Authorizer}: each role name maps to a set of {@link Permission}s; a principal may
 * do what any of its roles grants, and nothing else (a role it holds that is not configured grants
 * nothing). Roles are data: {@link #custom()} adds or replaces any role, {@link #load(Path)} reads
 * {@code {"roles": {"QA_TESTER": ["DECIDE", "READ"], ...}}}. Immutable and thread-safe.
 *
 * <p>The predefined roles ({@link #DEFAULT_GRANTS}): {@code ADMIN} (everything), {@code EDITOR}
 * (register, attach reports, move stages, aliases, request approval, run the gate), {@code VIEWER}
 * (read), {@code APPROVER} (decide, approve overrides), {@code RELEASE_MANAGER} (promote, roll back,
 * correct, gate, request overrides); the approver roles of {@link io.intentops.governance.policy.Role}
 * ({@code ML_LEAD}, {@code PRODUCT_OWNER}, {@code COMPLIANCE_OFFICER}, {@code SECURITY_OFFICER}) and the
 * domain roles {@code QA_TESTER}, {@code RESPONSIBLE_AI}, {@code LEGAL} (decide, and all but
 * {@code QA_TESTER} approve overrides), {@code SRE} (roll back, gate) and {@code MODEL_OWNER} (the
 * editor's rights without aliases).
 */
public final class RoleBasedAuthorizer implements Authorizer {
  /** The predefined roles and their permissions. */
  public static final Map<String, Set<Permission>> DEFAULT_GRANTS = defaultGrants();

  private final Map<String, Set<Permission>> grants;

  private RoleBasedAuthorizer(Map<String, Set<Permission>> grants) {
    TreeMap<String, Set<Permission>> g = new TreeMap<>();
    grants.forEach((k, v) -> g.put(k, Collections.unmodifiableSet(v.isEmpty() ? EnumSet.noneOf(Permission.class)
        : EnumSet.copyOf(v))));
    this.grants = Collections.unmodifiableMap(g);
  }

  private static Map<String, Set<Permission>> defaultGrants() {
    Map<String, Set<Permission>> m = new LinkedHashMap<>();
    m.put("ADMIN", EnumSet.allOf(Permission.class));
    m.put("EDITOR", EnumSet.of(Permission.REGISTER, Permission.ATTACH_EVAL, Permission.TRANSITION, Permission.SET_ALIAS,
        Permission.REQUEST_APPROVAL, Permission.GATE_CHECK, Permission.READ));
    m.put("VIEWER", EnumSet.of(Permission.READ));
    m.put("APPROVER", EnumSet.of(Permission.DECIDE, Permission.APPROVE_OVERRIDE, Permission.READ));
    m.put("RELEASE_MANAGER", EnumSet.of(Permission.PROMOTE, Permission.ROLLBACK, Permission.CORRECT,
        Permission.GATE_CHECK, Permission.REQUEST_OVERRIDE, Permission.READ));
    for (String r : new String[] {"ML_LEAD", "PRODUCT_OWNER", "COMPLIANCE_OFFICER", "SECURITY_OFFICER",
        "RESPONSIBLE_AI", "LEGAL"}) {
      m.put(r, EnumSet.of(Permission.DECIDE, Permission.APPROVE_OVERRIDE, Permission.READ));
    }
    m.put("QA_TESTER", EnumSet.of(Permission.DECIDE, Permission.READ));
    m.put("SRE", EnumSet.of(Permission.ROLLBACK, Permission.GATE_CHECK, Permission.READ));
    m.put("MODEL_OWNER", EnumSet.of(Permission.REGISTER, Permission.ATTACH_EVAL, Permission.TRANSITION,
        Permission.REQUEST_APPROVAL, Permission.GATE_CHECK, Permission.READ));
    Map<String, Set<Permission>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(v)));
    return Collections.unmodifiableMap(out);
  }

  /** The predefined roles of {@link #DEFAULT_GRANTS}. */
  public static RoleBasedAuthorizer defaults() {
    return custom().build();
  }

  /** A builder starting from {@link #DEFAULT_GRANTS}. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Reads {@code {"roles": {"ROLE": ["PERMISSION", ...], ...}, "defaults": true}} (with
   * {@code defaults} true, the default {@code true}, the file adds to or replaces roles of
   * {@link #DEFAULT_GRANTS}; with false it is the whole set).
   *
   * @throws ConfigurationException naming the file, JSON path and problem
   */
  public static RoleBasedAuthorizer load(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read roles file " + file + ": " + e.getMessage());
    }
    return parse(json, file.toString());
  }

  /** Parses the {@link #load(Path)} format; {@code source} names it in messages. */
  public static RoleBasedAuthorizer parse(String json, String source) {
    JsonNode root;
    try {
      root = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build().readTree(json);
    } catch (JacksonException e) {
      throw new ConfigurationException(source + ": malformed JSON" + JsonErrors.location(e) + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("roles").isObject()) {
      throw new ConfigurationException(source + ": expected {\"roles\": {\"ROLE\": [\"PERMISSION\", ...]}}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("roles") && !f.equals("defaults")) {
        throw new ConfigurationException(source + ": $." + f + ": unknown field (allowed: defaults, roles)");
      }
    }
    JsonNode d = root.get("defaults");
    if (d != null && !d.isBoolean()) {
      throw new ConfigurationException(source + ": $.defaults: expected true or false, got " + d);
    }
    Builder b = custom();
    if (d != null && !d.asBoolean()) {
      b.clear();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("roles").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = "$.roles." + e.getKey();
      if (!e.getValue().isArray()) {
        throw new ConfigurationException(source + ": " + at + ": expected an array of permission names");
      }
      EnumSet<Permission> perms = EnumSet.noneOf(Permission.class);
      for (int i = 0; i < e.getValue().size(); i++) {
        JsonNode p = e.getValue().get(i);
        try {
          perms.add(Permission.valueOf(p.asText()));
        } catch (IllegalArgumentException ex) {
          throw new ConfigurationException(source + ": " + at + "[" + i + "]: unknown permission " + p + " (known: "
              + java.util.Arrays.toString(Permission.values()) + ")");
        }
      }
      try {
        b.role(e.getKey(), perms);
      } catch (InvalidInputException ex) {
        throw new ConfigurationException(source + ": " + at + ": " + ex.getMessage());
      }
    }
    return b.build();
  }

  @Override
  public boolean permits(Principal principal, Permission permission, String subject) {
    for (String r : principal.roles()) {
      Set<Permission> p = grants.get(r);
      if (p != null && p.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code role} is configured. */
  public boolean knows(String role) {
    return grants.containsKey(Principal.normalizeRole(role));
  }

  /** Role name to permissions, sorted by role. */
  public Map<String, Set<Permission>> grants() {
    return grants;
  }

  /** Builder for {@link RoleBasedAuthorizer}; starts from {@link #DEFAULT_GRANTS}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Set<Permission>> grants = new TreeMap<>();

    private Builder() {
      DEFAULT_GRANTS.forEach((k, v) -> grants.put(k, EnumSet.copyOf(v)));
    }

    /** Drops every role, including the predefined ones. */
    public Builder clear() {
      grants.clear();
      return this;
    }

    /** Defines (or replaces) {@code role} with exactly these permissions. */
    public Builder role(String role, Set<Permission> permissions) {
      grants.put(Principal.normalizeRole(role),
          permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions));
      return this;
    }

    /** Adds permissions to {@code role} (defining it if new). */
    public Builder grant(String role, Permission... permissions) {
      Set<Permission> s = grants.computeIfAbsent(Principal.normalizeRole(role), k -> EnumSet.noneOf(Permission.class));
      Collections.addAll(s, permissions);
      return this;
    }

    /** Removes a role. */
    public Builder remove(String role) {
      grants.remove(Principal.normalizeRole(role));
      return this;
    }

    /** Builds. */
    public RoleBasedAuthorizer build() {
      return new RoleBasedAuthorizer(grants);
    }
  }
}
