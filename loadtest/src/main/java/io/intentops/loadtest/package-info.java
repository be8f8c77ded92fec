/**
 * Open-model HTTP load test of the Spring Boot sample service: {@link io.intentops.loadtest.LoadGenerator}
 * sends requests at a fixed arrival rate (ramp, then steady) from its own process over loopback and
 * measures each latency from the request's scheduled send time (no coordinated omission);
 * {@link io.intentops.loadtest.LoadTestCli} is the command line that writes
 * {@code benchmarks/results/loadtest-<name>.json}.
 */
@NullMarked
package io.intentops.loadtest;

import org.jspecify.annotations.NullMarked;
