#!/usr/bin/env bash
# Stops the broker that .ci/kafka-start.sh started and deletes its directory.
set -euo pipefail
ENV_FILE="${1:-${INTENTOPS_KAFKA_ENV:-/tmp/intentops-kafka.env}}"
[ -f "$ENV_FILE" ] || exit 0
# shellcheck disable=SC1090
. "$ENV_FILE"
if [ -n "${INTENTOPS_KAFKA_PID:-}" ] && kill -0 "$INTENTOPS_KAFKA_PID" 2>/dev/null; then
  # KraftBroker's shutdown hook kills the broker JVM it started.
  kill "$INTENTOPS_KAFKA_PID"
  for _ in $(seq 1 40); do kill -0 "$INTENTOPS_KAFKA_PID" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$INTENTOPS_KAFKA_PID" 2>/dev/null || true
fi
[ -n "${INTENTOPS_KAFKA_DIR:-}" ] && rm -rf "$INTENTOPS_KAFKA_DIR"
rm -f "$ENV_FILE"
