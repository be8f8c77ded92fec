#!/usr/bin/env bash
# Load test of the Spring Boot sample service from a second process over loopback.
#
#   loadtest/run.sh steady-2rps   # 1-min ramp + 10-min steady at 2 rps (the acceptance SLO)
#   loadtest/run.sh max           # 30-s probes at rising rates for the highest rate with p95 <= 150 ms,
#                                 # then 1-min ramp + 10-min steady at that rate
#   NAME=quick RPS=5 RAMP_SECONDS=10 STEADY_SECONDS=30 loadtest/run.sh custom
#   loadtest/run.sh report        # render benchmarks/results/loadtest-*.json into docs/performance.md
#
# Builds the sample and the generator with the reactor (no install into ~/.m2), starts the service as its
# own JVM on 127.0.0.1 and a free port, waits for readiness, runs the generator in a second JVM, and stops
# the service on exit. Results: benchmarks/results/loadtest-<name>.json. Extra arguments after the mode go
# to the generator (see: java -cp ... io.intentops.loadtest.LoadTestCli --help).
#
# Environment (defaults): RPS (2, custom mode), RAMP_SECONDS (60), STEADY_SECONDS (600), PROBE_SECONDS (30),
# PROBE_START_RPS (4), MAX_PROBES (8), SLO_P95_MS (150), OOS_SHARE (0.1), NAME (the mode), OUT_DIR
# (benchmarks/results), SERVER_HEAP (1g), SERVER_JAVA_OPTS (''), CACHE_ENTRIES (0: every request runs the
# model), RATE_LIMIT_PREDICT_PER_SECOND (100000: the limiter never answers 429 here), MODEL_PATH (the
# reference BANKING77 bundle), READY_TIMEOUT_SECONDS (240), SKIP_BUILD (0), OFFLINE (1: mvn -o),
# INTENTOPS_DATASETS (../shared/datasets).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

MODE=${1:-}
[ $# -gt 0 ] && shift
case "$MODE" in
  steady-2rps|max|custom|report) ;;
  *) echo "usage: loadtest/run.sh steady-2rps|max|custom|report [generator options]" >&2; exit 2 ;;
esac

# Record the overrides the caller set, for the results file's "command".
OVERRIDES=""
for v in RPS RAMP_SECONDS STEADY_SECONDS PROBE_SECONDS PROBE_START_RPS MAX_PROBES SLO_P95_MS OOS_SHARE NAME \
         SERVER_HEAP SERVER_JAVA_OPTS CACHE_ENTRIES RATE_LIMIT_PREDICT_PER_SECOND MODEL_PATH; do
  if [ -n "${!v+x}" ]; then OVERRIDES+="$v=${!v} "; fi
done
COMMAND="${OVERRIDES}loadtest/run.sh $MODE${*:+ $*}"

RPS=${RPS:-2}
RAMP_SECONDS=${RAMP_SECONDS:-60}
STEADY_SECONDS=${STEADY_SECONDS:-600}
PROBE_SECONDS=${PROBE_SECONDS:-30}
PROBE_START_RPS=${PROBE_START_RPS:-4}
MAX_PROBES=${MAX_PROBES:-8}
SLO_P95_MS=${SLO_P95_MS:-150}
OOS_SHARE=${OOS_SHARE:-0.1}
NAME=${NAME:-$MODE}
OUT_DIR=${OUT_DIR:-benchmarks/results}
SERVER_HEAP=${SERVER_HEAP:-1g}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
CACHE_ENTRIES=${CACHE_ENTRIES:-0}
RATE_LIMIT=${RATE_LIMIT_PREDICT_PER_SECOND:-100000}
SERVED_MODEL=${MODEL_PATH:-classpath:io/intentops/models/banking77-intent}
READY_TIMEOUT_SECONDS=${READY_TIMEOUT_SECONDS:-240}
DATASETS=${INTENTOPS_DATASETS:-$ROOT/../shared/datasets}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  MVN_OFFLINE=""
  [ "${OFFLINE:-1}" = 1 ] && MVN_OFFLINE="-o"
  echo "Building the service and the generator (reactor, no install)..."
  mvn -B -ntp -q $MVN_OFFLINE -pl loadtest -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
fi

jar_of() { ls "$1"/target/"$2"-*.jar | grep -v -e '-sources' -e '-javadoc' | head -1; }
SERVER_CP="$(jar_of samples/spring-boot intentops-sample-spring-boot):$(cat samples/spring-boot/target/runtime-classpath.txt)"
GEN_CP="$(jar_of loadtest intentops-loadtest):$(cat loadtest/target/runtime-classpath.txt)"

if [ "$MODE" = report ]; then
  exec java -cp "$GEN_CP" io.intentops.loadtest.ResultsMarkdown "$OUT_DIR" docs/performance.md
fi

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local p
    while :; do
      p=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
  fi
}
PORT=$(free_port)

mkdir -p target
LOG="target/loadtest-$NAME-server.log"
SERVER_OPTS="-Xms$SERVER_HEAP -Xmx$SERVER_HEAP${SERVER_JAVA_OPTS:+ $SERVER_JAVA_OPTS}"
echo "Starting the service on 127.0.0.1:$PORT (log: $LOG)..."
# shellcheck disable=SC2086  # SERVER_OPTS is a list of JVM options
MODEL_PATH="$SERVED_MODEL" java $SERVER_OPTS -cp "$SERVER_CP" io.intentops.samples.springboot.IntentOpsServiceApplication \
  --server.address=127.0.0.1 --server.port="$PORT" --management.info.java.enabled=true \
  --intentops.model.cache-entries="$CACHE_ENTRIES" --intentops.rate-limit.predict-per-second="$RATE_LIMIT" \
  >"$LOG" 2>&1 &
SERVER_PID=$!
stop_server() {
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT TERM

deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
until curl -fsS "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "The service exited during start-up; last lines of $LOG:" >&2; tail -20 "$LOG" >&2; exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "The service was not ready after $READY_TIMEOUT_SECONDS s; last lines of $LOG:" >&2; tail -20 "$LOG" >&2; exit 1
  fi
  sleep 1
done
echo "Service ready (pid $SERVER_PID)."

GEN_ARGS=(--name "$NAME" --host 127.0.0.1 --port "$PORT" --ramp-seconds "$RAMP_SECONDS" --steady-seconds "$STEADY_SECONDS"
  --oos-share "$OOS_SHARE" --out "$OUT_DIR" --command "$COMMAND"
  --server-prop "process=separate JVM (pid $SERVER_PID), 127.0.0.1:$PORT"
  --server-prop "javaOpts=$SERVER_OPTS" --server-prop "modelPath=$SERVED_MODEL"
  --server-prop "cacheEntries=$CACHE_ENTRIES" --server-prop "ratePredictPerSecond=$RATE_LIMIT")
case "$MODE" in
  steady-2rps) GEN_ARGS+=(--rps 2) ;;
  custom) GEN_ARGS+=(--rps "$RPS") ;;
  max) GEN_ARGS+=(--find-max --probe-seconds "$PROBE_SECONDS" --probe-start-rps "$PROBE_START_RPS"
         --max-probes "$MAX_PROBES" --slo-p95-ms "$SLO_P95_MS") ;;
esac

java -Xmx512m -Dintentops.datasets="$DATASETS" -cp "$GEN_CP" io.intentops.loadtest.LoadTestCli "${GEN_ARGS[@]}" "$@"
