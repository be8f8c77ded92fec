#!/usr/bin/env bash
# Builds the benchmarks once in the reactor (nothing is installed into ~/.m2), runs each JMH suite with
# bounded settings, writes benchmarks/results/<suite>.json (JMH JSON) and <suite>.machine.json (machine,
# command, load average before/after), runs the peer agreement check, and regenerates benchmarks/README.md.
#
#   benchmarks/run-all.sh                       # all suites (about 15 minutes on 2 idle cores)
#   SUITES="peers agreement" benchmarks/run-all.sh
#   JMH_BOUNDS="-f 1 -wi 3 -i 5 -w 2s -r 5s" benchmarks/run-all.sh
#   OFFLINE= benchmarks/run-all.sh              # let Maven download (default: -o)
set -euo pipefail
cd "$(dirname "$0")/.."

SUITES=${SUITES:-"peers interleaved batch intent overhead ner int8 ner-overhead router agreement coldstart"}
JMH_BOUNDS=${JMH_BOUNDS:-"-f 1 -wi 2 -i 4 -w 2s -r 3s"}
OFFLINE=${OFFLINE--o}
RESULTS=benchmarks/results
mkdir -p "$RESULTS"

echo "== build (reactor, no install)"
mvn -B -ntp $OFFLINE -q -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/cp.txt)"

json_escape() { sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\n'; }
loadavg() { awk '{printf "[%s, %s, %s]", $1, $2, $3}' /proc/loadavg; }

# machine NAME COMMAND STARTED LOAD_BEFORE: writes $RESULTS/NAME.machine.json
machine() {
  local name=$1 command=$2 started=$3 before=$4
  local cpu java os mem commit dirty
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' | json_escape)
  java=$(java -version 2>&1 | head -1 | json_escape)
  os=$(uname -sr | json_escape)
  mem=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
  commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
  # uncommitted changes to anything but the results and the generated README
  dirty=$(if git diff --quiet HEAD -- . ':!benchmarks/results' ':!benchmarks/README.md' 2>/dev/null; then echo false; else echo true; fi)
  cat > "$RESULTS/$name.machine.json" <<JSON
{
  "name": "$name",
  "command": "$(printf '%s' "$command" | json_escape)",
  "startedAt": "$started",
  "finishedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "gitCommit": "$commit",
  "gitDirty": $dirty,
  "cores": $(nproc),
  "cpuModel": "$cpu",
  "javaVersion": "$java",
  "os": "$os",
  "memTotalKb": $mem,
  "loadAverageBefore": $before,
  "loadAverageAfter": $(loadavg)
}
JSON
}

# jmh NAME REGEX [extra JMH args]: one suite into $RESULTS/NAME.json
jmh() {
  local name=$1 regex=$2; shift 2
  local args="$regex $JMH_BOUNDS $* -rf json -rff $RESULTS/$name.json"
  local command="java -cp benchmarks/target/classes:\$(cat benchmarks/target/cp.txt) org.openjdk.jmh.Main $args"
  echo "== $name: $command"
  local started before
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ); before=$(loadavg)
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main $args
  machine "$name" "$command" "$started" "$before"
}

for s in $SUITES; do
  case $s in
    batch) jmh batch 'io.intentops.benchmarks.BatchThroughputBenchmark' ;;
    peers) jmh peers 'io.intentops.benchmarks.PeerBenchmark' -prof io.intentops.benchmarks.ProcessCpuProfiler ;;
    # raw floor and predictor interleaved in one JVM (drift cancels); its own bounds: 2 forks, longer iterations
    interleaved) JMH_BOUNDS=${INTERLEAVED_BOUNDS:-"-f 2 -wi 2 -i 5 -w 3s -r 5s"} jmh interleaved 'io.intentops.benchmarks.InterleavedOverheadBenchmark' ;;
    intent) jmh intent 'io.intentops.benchmarks.IntentPredictorBenchmark' ;;
    overhead) jmh overhead 'io.intentops.benchmarks.IntentOverheadBenchmark' ;;
    ner) jmh ner 'io.intentops.benchmarks.NerPredictorBenchmark' ;;
    int8) jmh int8 'io.intentops.benchmarks.Int8Benchmark' -prof io.intentops.benchmarks.ProcessCpuProfiler ;;
    ner-overhead) jmh ner-overhead 'io.intentops.benchmarks.NerOverheadBenchmark' -prof io.intentops.benchmarks.ProcessCpuProfiler ;;
    coldstart)
      # not JMH: fresh JVMs per measurement (ColdStart); results in a subfolder, which the README generator skips
      command="java -cp benchmarks/target/classes:\$(cat benchmarks/target/cp.txt) io.intentops.benchmarks.ColdStart --repeats ${COLDSTART_REPEATS:-3} --out $RESULTS/coldstart/coldstart.json"
      echo "== coldstart: $command"
      started=$(date -u +%Y-%m-%dT%H:%M:%SZ); before=$(loadavg)
      java -cp "$CP" io.intentops.benchmarks.ColdStart --repeats "${COLDSTART_REPEATS:-3}" --out "$RESULTS/coldstart/coldstart.json"
      machine coldstart "$command" "$started" "$before" ;;
    router) jmh router 'io.intentops.benchmarks.RouterBenchmark' ;;
    agreement)
      command="java -Xss4m -cp benchmarks/target/classes:\$(cat benchmarks/target/cp.txt) io.intentops.benchmarks.peers.PeerAgreement $RESULTS/peer-agreement.json 400"
      echo "== agreement: $command"
      started=$(date -u +%Y-%m-%dT%H:%M:%SZ); before=$(loadavg)
      java -Xss4m -cp "$CP" io.intentops.benchmarks.peers.PeerAgreement "$RESULTS/peer-agreement.json" 400
      machine peer-agreement "$command" "$started" "$before" ;;
    *) echo "unknown suite '$s' (peers interleaved batch intent overhead ner int8 ner-overhead router agreement coldstart)" >&2; exit 2 ;;
  esac
done

echo "== README"
java -cp "$CP" io.intentops.benchmarks.report.BenchmarkReport "$RESULTS" intentops-models/eval/eval.json benchmarks/README.md
