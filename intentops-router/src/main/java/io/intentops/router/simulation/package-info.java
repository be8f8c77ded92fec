/**
 * A deterministic simulation harness for the canary judge: the issue-14 scenarios (candidate p95 at
 * 250 ms, 5 % server errors, 8 % of requests 200 ms slower, 30 % slower than stable, and a healthy
 * candidate with 0.3 % errors) at any request rate, on simulated time with seed 2025. {@link
 * io.intentops.router.simulation.EvidenceSimulator} draws per-second evidence as a router records it
 * and feeds it to a {@link io.intentops.router.judge.CanaryJudge}; {@link
 * io.intentops.router.simulation.SimulationReport} runs the whole table (also {@code intentops simulate}).
 */
@NullMarked
package io.intentops.router.simulation;

import org.jspecify.annotations.NullMarked;
