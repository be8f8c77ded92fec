#!/usr/bin/env bash
# Stops the cluster started by .ci/postgres-start.sh and deletes its directory and env file.
#   .ci/postgres-stop.sh [ENV_FILE]   (default ENV_FILE: ${INTENTOPS_PG_ENV:-/tmp/intentops-pg.env})
set -euo pipefail

ENV_FILE="${1:-${INTENTOPS_PG_ENV:-/tmp/intentops-pg.env}}"
if [[ ! -f "$ENV_FILE" ]]; then
  echo "postgres-stop: no $ENV_FILE; nothing to stop"
  exit 0
fi
# shellcheck disable=SC1090
. "$ENV_FILE"
DIR="${INTENTOPS_PG_DIR:?INTENTOPS_PG_DIR missing in $ENV_FILE}"
RUN_AS=()
if [[ "$(id -u)" -eq 0 ]]; then
  RUN_AS=(runuser -u postgres --)
fi
if [[ -d "$DIR/data" ]]; then
  "${RUN_AS[@]}" "$INTENTOPS_PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
    || "${RUN_AS[@]}" "$INTENTOPS_PG_BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
fi
case "$DIR" in
  */intentops-pg.*) rm -rf "$DIR" ;;
  *) echo "postgres-stop: refusing to delete unexpected directory $DIR" >&2; exit 1 ;;
esac
rm -f "$ENV_FILE"
echo "postgres-stop: stopped and removed $DIR"
