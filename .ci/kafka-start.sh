#!/usr/bin/env bash
# Starts a throwaway single-node Kafka broker in KRaft mode from Maven artifacts (no Docker), for running
# the intentops-kafka integration test against a long-lived broker or for trying the topologies by hand.
#
#   .ci/kafka-start.sh [ENV_FILE]     (default ENV_FILE: ${INTENTOPS_KAFKA_ENV:-/tmp/intentops-kafka.env})
#   . ENV_FILE                        (exports INTENTOPS_KAFKA_BOOTSTRAP=127.0.0.1:PORT, INTENTOPS_KAFKA_PID)
#   .ci/kafka-stop.sh [ENV_FILE]      (stops the broker and deletes its directory)
#
# The broker is io.intentops.kafka.KraftBroker (intentops-kafka test sources): kafka.tools.StorageTool format,
# then kafka.Kafka from org.apache.kafka:kafka_2.13 on the module's test classpath, listening on random free
# ports on 127.0.0.1. `mvn verify` does not need this: KafkaIntegrationTest starts its own broker the same
# way unless INTENTOPS_KAFKA_BOOTSTRAP is set. Never runs `mvn install`.
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_FILE="${1:-${INTENTOPS_KAFKA_ENV:-/tmp/intentops-kafka.env}}"
DIR="$(mktemp -d -t intentops-kafka.XXXXXX)"

# Compile intentops-kafka and its tests inside the reactor and write its test classpath (reactor modules
# resolve to their target/classes; the last module written is intentops-kafka itself).
mvn -B -ntp -q -pl intentops-kafka -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$DIR/classpath.txt" >/dev/null
CP="intentops-kafka/target/test-classes:intentops-kafka/target/classes:$(cat "$DIR/classpath.txt")"

java -cp "$CP" io.intentops.kafka.KraftBroker "$DIR/broker" >"$DIR/main.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  if grep -q '^BOOTSTRAP=' "$DIR/main.log" 2>/dev/null; then
    BOOTSTRAP="$(grep '^BOOTSTRAP=' "$DIR/main.log" | head -1 | cut -d= -f2)"
    {
      echo "export INTENTOPS_KAFKA_BOOTSTRAP=$BOOTSTRAP"
      echo "export INTENTOPS_KAFKA_PID=$PID"
      echo "export INTENTOPS_KAFKA_DIR=$DIR"
    } >"$ENV_FILE"
    echo "Kafka (KRaft) at $BOOTSTRAP, pid $PID; env in $ENV_FILE"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "Kafka broker failed to start:" >&2
    tail -50 "$DIR/main.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "Kafka broker not ready within 60 s" >&2
kill "$PID" 2>/dev/null || true
exit 1
