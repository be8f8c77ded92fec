package io.intentops.governance;

import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.policy.Role;
import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.PolicyViolationException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalsTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();
  Governance g;

  @BeforeEach
  void canaryWithRequest() {
    g = Fixtures.governance(dir, clock);
    Fixtures.register(g, V1);
    g.registry().attachEvalReport(MODEL, V1, Fixtures.bytes(Fixtures.PASSING_REPORT), "alice");
    g.registry().transition(MODEL, V1, Stage.CANDIDATE, "alice", "ready");
    g.registry().transition(MODEL, V1, Stage.CANARY, "alice", "canary");
    g.approvals().request(MODEL, V1, "alice");
  }

  @Test
  void submitterCannotApproveOwnRelease() {
    assertThatThrownBy(() -> g.approvals().decide(MODEL, V1, Decision.of("alice", "ML_LEAD", true, "looks good")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("Separation of duties")
        .hasMessageContaining("alice");
    assertThat(g.approvals().decisions(MODEL, V1)).isEmpty();
  }

  @Test
  void missingRoleBlocksPromotion() {
    g.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", true, "metrics fine"));
    ApprovalStatus st = g.approvals().status(MODEL, V1);
    assertThat(st.approved()).isFalse();
    assertThat(st.missingRoles()).containsExactly(Role.PRODUCT_OWNER);
    assertThatThrownBy(() -> g.registry().promote(MODEL, V1, Fixtures.release("v1")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("PRODUCT_OWNER");
    // Two ML leads do not make a product owner.
    g.approvals().decide(MODEL, V1, Decision.of("erin", "ML_LEAD", true, "agree"));
    assertThat(g.approvals().status(MODEL, V1).missingRoles()).containsExactly(Role.PRODUCT_OWNER);
    g.approvals().decide(MODEL, V1, Decision.of("carol", "product-owner", true, "ok"));
    assertThat(g.approvals().status(MODEL, V1).approved()).isTrue();
  }

  @Test
  void unknownRoleIsATypedError() {
    assertThatThrownBy(() -> g.approvals().decide(MODEL, V1, Decision.of("bob", "INTERN", true, "yolo")))
        .isInstanceOf(UnknownRoleException.class)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Unknown role 'INTERN'").hasMessageContaining("ML_LEAD");
    assertThat(g.approvals().decisions(MODEL, V1)).isEmpty();
  }

  @Test
  void decisionsAreFinalAndARejectionBlocks() {
    ApprovalRecord r = g.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", false, "ECE too close to floor"));
    assertThat(r.approved()).isFalse();
    assertThat(r.timestamp()).isEqualTo(clock.instant());
    assertThatThrownBy(() -> g.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", true, "changed my mind")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("final");
    assertThatThrownBy(() -> g.approvals().decide(MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "ok")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("rejected by bob");
    assertThat(g.approvals().status(MODEL, V1).rejectedBy()).containsExactly("bob");
  }

  @Test
  void blankRationaleAndMissingRequestAreRejected() {
    assertThatThrownBy(() -> g.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", true, " ")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("rationale");
    Fixtures.register(g, Fixtures.V2);
    assertThatThrownBy(() -> g.approvals().decide(MODEL, Fixtures.V2, Decision.of("bob", "ML_LEAD", true, "x")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("No approval request");
    assertThatThrownBy(() -> g.approvals().request(MODEL, Fixtures.V2, "alice"))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("CANDIDATE or CANARY");
  }

  @Test
  void requiredRolesAreConfigurable() {
    g.close();
    try (Governance strict = Governance.builder().directory(dir).clock(clock)
        .approvalPolicy(ApprovalPolicy.custom().requiredRoles(Role.ML_LEAD, Role.PRODUCT_OWNER, Role.COMPLIANCE_OFFICER).build())
        .build()) {
      strict.approvals().decide(MODEL, V1, Decision.of("bob", "ML_LEAD", true, "a"));
      strict.approvals().decide(MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "b"));
      assertThat(strict.approvals().status(MODEL, V1).missingRoles()).containsExactly(Role.COMPLIANCE_OFFICER);
      strict.approvals().decide(MODEL, V1, Decision.of("frank", "COMPLIANCE_OFFICER", true, "c"));
      assertThat(strict.registry().promote(MODEL, V1, Fixtures.release("v1")).approvalIds()).hasSize(3);
    }
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    g.close();
  }
}
