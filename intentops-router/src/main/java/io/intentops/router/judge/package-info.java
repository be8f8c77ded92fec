/**
 * The canary judge: decides from accumulated evidence whether a candidate version is HEALTHY,
 * BREACHING or not yet decidable (INCONCLUSIVE). Every SLO is a proportion (server errors, requests
 * slower than a latency target, requests slower than the stable version's measured percentile, ...)
 * decided by a sequential test on the candidate's requests (Page's CUSUM, the repeated form of Wald's
 * SPRT), so the same configuration is valid at 2 and at 2000 requests per second.
 *
 * <p>Start at {@link io.intentops.router.judge.JudgeConfig#custom()}; the router builds one {@link
 * io.intentops.router.judge.CanaryJudge} per candidate. The statistics are described in plain words in
 * {@code docs/router.md}. This package depends on {@code intentops-core} only.
 */
@NullMarked
package io.intentops.router.judge;

import org.jspecify.annotations.NullMarked;
