#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the intentops-postgres tests.
#
#   .ci/postgres-start.sh [ENV_FILE]        (default ENV_FILE: ${INTENTOPS_PG_ENV:-/tmp/intentops-pg.env})
#   . ENV_FILE                              (exports INTENTOPS_PG_URL, INTENTOPS_PG_USER, ...)
#   .ci/postgres-stop.sh [ENV_FILE]         (stops the server and deletes its directory)
#
# The cluster lives in a fresh temp directory, listens on a random free port on 127.0.0.1 only (unix
# socket in the temp directory), trusts connections from 127.0.0.1 and the local socket only, and runs
# as the 'postgres' OS user when this script runs as root (the server refuses to run as root). Durability
# is switched off (fsync, synchronous_commit): the data is thrown away anyway. If no PostgreSQL server
# binaries are found they are installed with apt-get (Debian).
set -euo pipefail

ENV_FILE="${1:-${INTENTOPS_PG_ENV:-/tmp/intentops-pg.env}}"

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

PGBIN="$(find_bin || true)"
if [[ -z "$PGBIN" ]]; then
  echo "postgres-start: no initdb/pg_ctl found; installing the 'postgresql' package" >&2
  if [[ "$(id -u)" -ne 0 ]]; then
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq postgresql >&2
  PGBIN="$(find_bin)"
fi

# The server refuses to run as root: use (or create) the 'postgres' OS user.
RUN_AS=()
OWNER="$(id -un)"
if [[ "$(id -u)" -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  OWNER=postgres
  RUN_AS=(runuser -u postgres --)
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/intentops-pg.XXXXXX")"
chmod 0755 "$DIR"
chown "$OWNER" "$DIR"
DATA="$DIR/data"

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || "${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }

# Trust only the local socket and 127.0.0.1.
cat >"$DATA/pg_hba.conf" <<HBA
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
HBA

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PORT=""
for _ in $(seq 1 20); do
  candidate=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  if port_in_use "$candidate"; then
    continue
  fi
  if "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
      -o "-p $candidate -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >"$DIR/pg_ctl.log" 2>&1; then
    PORT="$candidate"
    break
  fi
  # Lost a race for the port (or another start failure): show why and try another port.
  tail -n 5 "$DIR/server.log" >&2 2>/dev/null || true
done
if [[ -z "$PORT" ]]; then
  echo "postgres-start: could not start PostgreSQL (see $DIR/server.log)" >&2
  exit 1
fi

cat >"$ENV_FILE" <<ENV
export INTENTOPS_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/postgres
export INTENTOPS_PG_USER=postgres
export INTENTOPS_PG_HOST=127.0.0.1
export INTENTOPS_PG_PORT=$PORT
export INTENTOPS_PG_DIR=$DIR
export INTENTOPS_PG_BIN=$PGBIN
ENV
echo "postgres-start: $("$PGBIN/postgres" --version) on 127.0.0.1:$PORT, data in $DIR; source $ENV_FILE"
