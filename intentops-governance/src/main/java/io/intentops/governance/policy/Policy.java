package io.intentops.governance.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intentops.core.ConfigurationException;
import io.intentops.core.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A release policy as code: ordered rules, each a set of conditions on dotted report paths and an
 * action ({@code allow}, {@code require_approval} with approver roles, {@code deny}); the first rule
 * whose conditions all hold decides, otherwise the default ({@code deny} unless stated). Example:
 *
 * <pre>{@code
 * {"name": "release",
 *  "rules": [{"when": {"metrics.accuracy": {">=": 0.80}, "metrics.risk_score": {"<=": 0.40}},
 *             "then": "require_approval", "approver_roles": ["ML_LEAD", "PRODUCT_OWNER"]}],
 *  "default": "deny"}
 * }</pre>
 *
 * <p>Loading validates everything (unknown fields, operators, metrics outside the
 * {@link MetricCatalogue}, operand types, roles, duplicate keys) and throws
 * {@link PolicyFormatException} naming the JSON path, so a policy that loads can always be evaluated.
 * A condition on a metric missing from the report fails. Immutable and thread-safe.
 *
 * @param name policy name
 * @param rules the rules, in evaluation order
 * @param defaultAction what applies when no rule matches
 */
public record Policy(String name, List<Rule> rules, PolicyAction defaultAction) {
  /** Classpath resource of the default release policy. */
  public static final String DEFAULT_RESOURCE = "/io/intentops/governance/policy/default-release-policy.json";

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> TOP_FIELDS = Set.of("name", "description", "rules", "default");
  private static final Set<String> RULE_FIELDS = Set.of("name", "description", "when", "then", "approver_roles",
      "review_steps");

  public Policy {
    rules = List.copyOf(rules);
  }

  /**
   * One rule. Immutable.
   *
   * @param index 0-based position
   * @param name optional rule name (empty if none)
   * @param when conditions, all of which must hold
   * @param then action when they do
   * @param approverRoles roles whose approval {@code require_approval} needs
   * @param reviewSteps roles (any name, normalised) that must approve in this order
   */
  public record Rule(int index, String name, List<Condition> when, PolicyAction then, List<Role> approverRoles,
      List<String> reviewSteps) {
    public Rule {
      when = List.copyOf(when);
      approverRoles = List.copyOf(approverRoles);
      reviewSteps = List.copyOf(reviewSteps);
    }

    /** A rule without review steps (the form before review steps existed). */
    public Rule(int index, String name, List<Condition> when, PolicyAction then, List<Role> approverRoles) {
      this(index, name, when, then, approverRoles, List.of());
    }
  }

  /**
   * One condition: {@code metric operator operand}. Immutable.
   *
   * @param metric dotted report path
   * @param operator comparison
   * @param operand the policy's value
   */
  public record Condition(String metric, Operator operator, JsonNode operand) {}

  /** The default release policy (SOP thresholds + project quality floors), validated against the default catalogue. */
  public static Policy defaultPolicy() {
    try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ConfigurationException("Missing resource " + DEFAULT_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE, MetricCatalogue.defaults());
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage());
    }
  }

  /** Loads a policy file, validating against the default catalogue. */
  public static Policy load(Path file) {
    return load(file, MetricCatalogue.defaults());
  }

  /** Loads a policy file, validating against {@code catalogue}. */
  public static Policy load(Path file, MetricCatalogue catalogue) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), catalogue);
    } catch (IOException e) {
      throw new PolicyFormatException(file.toString(), "$", "cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses policy JSON; {@code source} names it in messages.
   *
   * @throws PolicyFormatException naming the JSON path of the first problem
   */
  public static Policy parse(String json, String source, MetricCatalogue catalogue) {
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JacksonException e) {
      throw new PolicyFormatException(source, "$", "malformed JSON" + JsonErrors.location(e) + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PolicyFormatException(source, "$", "a policy must be a JSON object");
    }
    checkFields(root, TOP_FIELDS, "", source);
    JsonNode nameNode = root.get("name");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
      throw new PolicyFormatException(source, "name", "required non-blank string");
    }
    PolicyAction def = PolicyAction.DENY;
    JsonNode d = root.get("default");
    if (d != null) {
      if (!d.isTextual() || PolicyAction.byJsonName(d.asText()).isEmpty()) {
        throw new PolicyFormatException(source, "default", "must be \"deny\" or \"allow\", got " + d);
      }
      def = PolicyAction.byJsonName(d.asText()).get();
      if (def == PolicyAction.REQUIRE_APPROVAL) {
        throw new PolicyFormatException(source, "default", "must be \"deny\" or \"allow\" (require_approval needs a rule with approver_roles)");
      }
    }
    JsonNode rulesNode = root.get("rules");
    if (rulesNode == null || !rulesNode.isArray()) {
      throw new PolicyFormatException(source, "rules", "required array");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      rules.add(parseRule(rulesNode.get(i), i, source, catalogue));
    }
    return new Policy(nameNode.asText(), rules, def);
  }

  private static Rule parseRule(JsonNode r, int i, String source, MetricCatalogue catalogue) {
    String at = "rules[" + i + "]";
    if (!r.isObject()) {
      throw new PolicyFormatException(source, at, "a rule must be a JSON object");
    }
    checkFields(r, RULE_FIELDS, at + ".", source);
    JsonNode when = r.get("when");
    if (when == null || !when.isObject()) {
      throw new PolicyFormatException(source, at + ".when", "required object of metric -> {operator: value}");
    }
    List<Condition> conditions = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = when.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String metric = e.getKey();
      String mAt = at + ".when." + metric;
      if (!catalogue.contains(metric)) {
        throw new PolicyFormatException(source, mAt, "unknown metric (not in the metric catalogue)");
      }
      JsonNode ops = e.getValue();
      if (!ops.isObject() || ops.isEmpty()) {
        throw new PolicyFormatException(source, mAt, "expected a non-empty object {operator: value}, got " + ops);
      }
      for (Iterator<Map.Entry<String, JsonNode>> oit = ops.fields(); oit.hasNext(); ) {
        Map.Entry<String, JsonNode> oe = oit.next();
        String oAt = mAt + "." + oe.getKey();
        Operator op = Operator.bySymbol(oe.getKey()).orElseThrow(() -> new PolicyFormatException(source, oAt,
            "unknown operator '" + oe.getKey() + "' (known: " + Operator.symbols() + ")"));
        checkOperand(op, oe.getValue(), catalogue.type(metric), oAt, source);
        conditions.add(new Condition(metric, op, oe.getValue()));
      }
    }
    JsonNode then = r.get("then");
    if (then == null || !then.isTextual()) {
      throw new PolicyFormatException(source, at + ".then", "required: one of allow, require_approval, deny");
    }
    PolicyAction action = PolicyAction.byJsonName(then.asText()).orElseThrow(() -> new PolicyFormatException(source,
        at + ".then", "unknown action '" + then.asText() + "' (known: allow, require_approval, deny)"));
    List<Role> roles = new ArrayList<>();
    JsonNode rolesNode = r.get("approver_roles");
    List<String> steps = new ArrayList<>();
    JsonNode stepsNode = r.get("review_steps");
    if (stepsNode != null) {
      if (action != PolicyAction.REQUIRE_APPROVAL) {
        throw new PolicyFormatException(source, at + ".review_steps", "only allowed when then=require_approval");
      }
      if (!stepsNode.isArray() || stepsNode.isEmpty()) {
        throw new PolicyFormatException(source, at + ".review_steps", "expected a non-empty array of role names");
      }
      for (int k = 0; k < stepsNode.size(); k++) {
        JsonNode sn = stepsNode.get(k);
        String step;
        try {
          if (!sn.isTextual()) {
            throw new io.intentops.core.InvalidInputException(io.intentops.core.InvalidInputException.Reason.INVALID_ARGUMENT,
                "expected a role name, got " + sn);
          }
          step = io.intentops.governance.auth.Principal.normalizeRole(sn.asText());
        } catch (io.intentops.core.InvalidInputException e) {
          throw new PolicyFormatException(source, at + ".review_steps[" + k + "]", e.getMessage());
        }
        if (steps.contains(step)) {
          throw new PolicyFormatException(source, at + ".review_steps[" + k + "]", "duplicate step " + step);
        }
        steps.add(step);
      }
    }
    if (action == PolicyAction.REQUIRE_APPROVAL) {
      if ((rolesNode == null || !rolesNode.isArray() || rolesNode.isEmpty()) && steps.isEmpty()) {
        throw new PolicyFormatException(source, at + ".approver_roles",
            "required non-empty array when then=require_approval (or give review_steps)");
      }
      if (rolesNode == null) {
        rolesNode = STRICT.createArrayNode();
      }
      if (!rolesNode.isArray()) {
        throw new PolicyFormatException(source, at + ".approver_roles", "expected an array of roles");
      }
      for (int k = 0; k < rolesNode.size(); k++) {
        JsonNode rn = rolesNode.get(k);
        try {
          if (!rn.isTextual()) {
            throw new UnknownRoleException(rn.toString());
          }
          Role role = Role.parse(rn.asText());
          if (roles.contains(role)) {
            throw new PolicyFormatException(source, at + ".approver_roles[" + k + "]", "duplicate role " + role);
          }
          roles.add(role);
        } catch (UnknownRoleException e) {
          throw new PolicyFormatException(source, at + ".approver_roles[" + k + "]", e.getMessage());
        }
      }
    } else if (rolesNode != null) {
      throw new PolicyFormatException(source, at + ".approver_roles", "only allowed when then=require_approval");
    }
    JsonNode nm = r.get("name");
    return new Rule(i, nm == null ? "" : nm.asText(), conditions, action, roles, steps);
  }

  private static void checkOperand(Operator op, JsonNode v, MetricCatalogue.Type type, String at, String source) {
    switch (op) {
      case GE, GT, LE, LT, BEATS_PRODUCTION_BY, BELOW_PRODUCTION_BY -> {
        if (type != MetricCatalogue.Type.NUMBER) {
          throw new PolicyFormatException(source, at, "operator " + op.symbol() + " needs a numeric metric, this one is " + type);
        }
        if (!v.isNumber()) {
          throw new PolicyFormatException(source, at, "expected a number, got " + v);
        }
      }
      case EXISTS -> {
        if (!v.isBoolean()) {
          throw new PolicyFormatException(source, at, "expected true or false, got " + v);
        }
      }
      case IN -> {
        if (!v.isArray() || v.isEmpty()) {
          throw new PolicyFormatException(source, at, "expected a non-empty array, got " + v);
        }
      }
      case EQ, NE -> {
        if (v.isNull() || v.isObject()) {
          throw new PolicyFormatException(source, at, "expected a number, string, boolean or array, got " + v);
        }
        if (type == MetricCatalogue.Type.NUMBER && !v.isNumber()) {
          throw new PolicyFormatException(source, at, "metric is numeric; expected a number, got " + v);
        }
      }
      default -> throw new IllegalStateException(op.name());
    }
  }

  private static void checkFields(JsonNode obj, Set<String> allowed, String prefix, String source) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new PolicyFormatException(source, prefix + f, "unknown field (allowed: " + String.join(", ",
            new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  /**
   * Evaluates this policy against an eval report, without a production baseline: margin conditions
   * ({@link Operator#relative()}) fail.
   */
  public PolicyVerdict evaluate(JsonNode report) {
    return evaluate(report, null);
  }

  /**
   * Evaluates this policy against an eval report; {@code production} is the eval report of the
   * version now in production (null when there is none), used by margin conditions such as
   * {@code {"metrics.accuracy": {"beats_production_by": 0.01}}}.
   */
  public PolicyVerdict evaluate(JsonNode report, @Nullable JsonNode production) {
    List<ThresholdCheck> checks = new ArrayList<>();
    for (Rule r : rules) {
      boolean all = true;
      for (Condition c : r.when()) {
        JsonNode actual = ReportPaths.value(report, c.metric());
        boolean ok;
        JsonNode base = null;
        if (c.operator().relative()) {
          base = production == null ? null : ReportPaths.value(production, c.metric());
          ok = margin(c, actual, base);
        } else {
          ok = holds(c, actual);
        }
        checks.add(new ThresholdCheck(r.index(), c.metric(), c.operator().symbol(), c.operand(), actual, ok, base));
        all &= ok;
      }
      if (all) {
        String label = r.name().isEmpty() ? "rule " + r.index() : "rule " + r.index() + " (" + r.name() + ")";
        return new PolicyVerdict(name, r.then(), r.index(), r.approverRoles(), checks,
            label + " matched: " + r.then().jsonName(), r.reviewSteps());
      }
    }
    return new PolicyVerdict(name, defaultAction, -1, List.of(), checks,
        "no rule matched: default " + defaultAction.jsonName());
  }

  /** A margin condition: both values numeric and the difference in the right direction at least the operand. */
  static boolean margin(Condition c, @Nullable JsonNode actual, @Nullable JsonNode production) {
    if (actual == null || production == null || !actual.isNumber() || !production.isNumber()) {
      return false;
    }
    double diff = c.operator() == Operator.BEATS_PRODUCTION_BY ? actual.asDouble() - production.asDouble()
        : production.asDouble() - actual.asDouble();
    // Why the epsilon: 0.93 - 0.92 is 0.010000000000000009 or 0.00999... in binary; a margin stated
    // in the policy to a few decimals must not flip on the last bit.
    return diff >= c.operand().asDouble() - 1e-12;
  }

  static boolean holds(Condition c, @Nullable JsonNode actual) {
    boolean present = actual != null && !actual.isNull();
    switch (c.operator()) {
      case EXISTS:
        return c.operand().asBoolean() == present;
      case IN:
        if (!present) {
          return false;
        }
        for (JsonNode v : c.operand()) {
          if (same(v, actual)) {
            return true;
          }
        }
        return false;
      case EQ:
        return present && same(c.operand(), actual);
      case NE:
        return present && !same(c.operand(), actual);
      default:
        if (!present || !actual.isNumber()) {
          return false;
        }
        double a = actual.asDouble();
        double e = c.operand().asDouble();
        return switch (c.operator()) {
          case GE -> a >= e;
          case GT -> a > e;
          case LE -> a <= e;
          case LT -> a < e;
          default -> throw new IllegalStateException(c.operator().name());
        };
    }
  }

  private static boolean same(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return Double.compare(expected.asDouble(), actual.asDouble()) == 0;
    }
    return expected.equals(actual);
  }
}
