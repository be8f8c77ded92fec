#!/usr/bin/env bash
# Consumer check: "add one Maven dependency", tested as a user would do it.
#  1. mvn deploy of the reactor to a throwaway directory repository (tests skipped: .ci/run ran them);
#     the modules that are not published (tests-only, benchmarks, samples, load test) skip deploy.
#  2. Every deployed jar must carry an Automatic-Module-Name; every deployed module must be in intentops-bom.
#  3. .ci/consumer (outside the reactor: imports only intentops-bom, depends on intentops-inference and
#     intentops-models without versions) gets the README's "Using it" snippet, and is compiled and run
#     against ONLY that directory repository + Maven Central, with a fresh, empty local repository.
# Usage: .ci/consumer-check.sh [work-dir]   (default: a temp dir, deleted on exit)
# DEPLOY_MVN_ARGS: extra arguments for the deploy step only (e.g. -Dmaven.repo.local=... of the build).
# REUSE_DEPLOYED=1: skip the deploy and check an existing work-dir/deployed (for iterating on this script).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
WORK="${1:-}"
if [ -z "$WORK" ]; then
  WORK="$(mktemp -d -t intentops-consumer.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
DEPLOY_REPO="$WORK/deployed"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)"
start=$(date +%s)

if [ "${REUSE_DEPLOYED:-0}" != 1 ]; then
  echo "== consumer check: deploying ${VERSION} to ${DEPLOY_REPO}"
  rm -rf "$DEPLOY_REPO"
  # Sources and Javadoc jars are not needed to compile against the artifacts; skipping them keeps this short.
  # shellcheck disable=SC2086
  mvn ${DEPLOY_MVN_ARGS:-} -B -ntp -q deploy -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -DaltDeploymentRepository="local::file://${DEPLOY_REPO}"
fi

fail=0
deployed=()
for dir in "$DEPLOY_REPO"/io/intentops/*/; do
  a="$(basename "$dir")"
  deployed+=("$a")
  for jar in "$dir$VERSION"/*.jar; do
    case "$jar" in *-tests.jar|*-sources.jar|*-javadoc.jar) continue ;; esac
    name="$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')"
    if ! [[ "$name" =~ ^io\.intentops(\.[a-z][a-z0-9]*)+$ ]]; then
      echo "FAIL: $(basename "$jar") has no valid Automatic-Module-Name (got '${name}')"; fail=1
    else
      echo "  $(basename "$jar"): Automatic-Module-Name ${name}"
    fi
  done
  if [ "$a" != intentops-parent ] && [ "$a" != intentops-bom ] \
      && ! grep -q "<artifactId>${a}</artifactId>" intentops-bom/pom.xml; then
    echo "FAIL: ${a} is deployed but not listed in intentops-bom"; fail=1
  fi
done
for a in $(sed -n 's:.*<artifactId>\(intentops-[a-z0-9-]*\)</artifactId>.*:\1:p' intentops-bom/pom.xml); do
  [ "$a" = intentops-bom ] && continue
  if [ ! -d "$DEPLOY_REPO/io/intentops/$a" ]; then
    echo "FAIL: intentops-bom lists ${a}, which was not deployed"; fail=1
  fi
done
echo "  deployed: ${deployed[*]}"
[ "$fail" = 0 ] || exit 1

echo "== consumer check: building .ci/consumer against the deployed artifacts + Maven Central"
CONSUMER="$WORK/consumer"
rm -rf "$CONSUMER" && mkdir -p "$CONSUMER"
cp -r .ci/consumer/pom.xml .ci/consumer/src "$CONSUMER/"
SNIPPET_DIR="$CONSUMER/src/main/java/io/intentops/ci/consumer"
{
  echo "package io.intentops.ci.consumer;"
  echo
  echo "import io.intentops.core.IntentPrediction;"
  echo "import io.intentops.inference.IntentPredictor;"
  echo "import io.intentops.models.ReferenceModels;"
  echo "import java.time.Duration;"
  echo "import java.util.List;"
  echo
  echo "/** Generated from README.md (\"## Using it\") by .ci/consumer-check.sh; do not edit. */"
  echo "final class ReadmeSnippet {"
  echo "  static void run() throws Exception {"
  # The first java block after the "## Using it" heading, verbatim.
  awk '/^## Using it/{u=1} u&&/^```java/{j=1;next} j&&/^```/{exit} j{print "    " $0}' README.md
  echo "  }"
  echo "}"
} > "$SNIPPET_DIR/ReadmeSnippet.java"
if ! grep -q "banking77IntentBuilder" "$SNIPPET_DIR/ReadmeSnippet.java"; then
  echo "FAIL: no README snippet with ReferenceModels.banking77IntentBuilder() under '## Using it'"; exit 1
fi
# A fresh local repository: nothing from this machine's ~/.m2 or the build's local repository leaks in.
mvn -B -ntp -q -f "$CONSUMER/pom.xml" -Dmaven.repo.local="$WORK/m2" \
  -Dintentops.repo="file://${DEPLOY_REPO}" -Dintentops.version="${VERSION}" compile exec:java
echo "== consumer check passed in $(( $(date +%s) - start )) s"
