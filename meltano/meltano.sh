#!/usr/bin/env bash
# Runs Meltano on this project as an operator needs it. The justfile calls it; run it yourself
# as `just meltano ARGS` (e.g. `just meltano --environment prod state list`).
#
#   meltano/meltano.sh [--environment ENV] run BLOCKS...   a run, guarded (below)
#   meltano/meltano.sh [--environment ENV] ARGS...          any other Meltano command, as it is
#
# Every command:
# - gets the system database of its environment. `dev` (the default) keeps Meltano's own,
#   SQLite in meltano/.meltano; `prod` uses the warehouse (schema `meltano`, login user
#   SPACEX_MELTANO_USER, created by `spacex-migrate up`), so state and runs survive the loss of
#   the project folder. Meltano cannot take this URI from an environment of meltano.yml, so it
#   is built here, from the PG* variables, unless MELTANO_DATABASE_URI is set.
# - runs with umask 077: the plugin config files Meltano writes are private to their owner.
#
# A run also:
# - runs alone: a lock (flock, released by the kernel when every process of the run is gone)
#   refuses a second run of this project while one is alive, and names the first one's pid;
# - after a run that died without cleaning up (kill -9, a crash: its pid file is left and no
#   process of it holds the lock), removes the plugin config files it left and passes
#   `--force`, since Meltano would otherwise refuse for 5 minutes ("Another ... pipeline is
#   already running"). SPACEX_ELT_FORCE=1 forces a run Meltano wrongly believes running
#   elsewhere (e.g. prod, after a host died).
# - removes stale plugin configs before it starts and after it ends, whatever the exit;
# - when it fails, ends with one line that says why, when the cause is one an operator can act
#   on (the warehouse went away, another run, ...), after Meltano's own output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
project=$root/meltano
meltano=${MELTANO_BIN:-$root/.venv/bin/meltano}
me="meltano.sh"
umask 077

global=()
environment=${MELTANO_ENVIRONMENT:-dev}
while [ $# -gt 0 ]; do
  case "$1" in
    --environment) environment=$2; global+=(--environment "$2"); shift 2 ;;
    --environment=*) environment=${1#*=}; global+=("$1"); shift ;;
    *) break ;;
  esac
done

# urlencode prints $1 percent-encoded for a URI's user or password.
urlencode() {
  local s=$1 out= c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

if [ "$environment" = prod ] && [ -z "${MELTANO_DATABASE_URI:-}" ]; then
  for v in PGHOST PGPORT PGDATABASE SPACEX_MELTANO_USER; do
    [ -n "${!v:-}" ] || { echo "$me: the prod environment keeps Meltano's state in the warehouse: set $v (see .env.template)" >&2; exit 2; }
  done
  auth=$(urlencode "$SPACEX_MELTANO_USER")
  [ -z "${SPACEX_MELTANO_PASSWORD:-}" ] || auth+=:$(urlencode "$SPACEX_MELTANO_PASSWORD")
  # Exported, never written to a file; Meltano masks the password when it logs the URI.
  export MELTANO_DATABASE_URI="postgresql+psycopg://$auth@$PGHOST:$PGPORT/$PGDATABASE?options=-csearch_path%3Dmeltano&application_name=meltano"
  # Meltano connects to its system database before any task runs, so the schema and the login
  # user it needs are set up first (the job's spacex-migrate:up then finds nothing to do).
  migrated=$("$root/bin/spacex-migrate" up 2>&1) || {
    printf '%s\n' "$migrated" >&2
    echo "$me: spacex-migrate up failed (above), so the prod environment has no system database in the warehouse" >&2
    exit 1
  }
fi

if [ "${1:-}" != run ]; then
  exec "$meltano" --cwd "$project" "${global[@]}" "$@"
fi
shift

rundir=$project/.meltano/run
mkdir -p "$rundir"
lock=$rundir/spacex-elt.lock
pidfile=$rundir/spacex-elt.pid

# Plugin config files hold settings, passwords among them where a plugin takes one in its
# config; Meltano deletes each when its plugin exits normally, never after kill -9.
remove_plugin_configs() {
  find "$rundir" -mindepth 2 -maxdepth 2 -type f -name '*.config.json' -delete 2>/dev/null || true
}

exec 9>>"$lock"
if ! flock -n 9; then
  echo "$me: another run of this project is in progress (pid $(cat "$pidfile" 2>/dev/null || echo unknown), or a process it started); wait for it to end, or stop it, then run again" >&2
  exit 75
fi
force=()
if [ -s "$pidfile" ]; then
  echo "$me: the previous run (pid $(cat "$pidfile")) ended without cleaning up and none of its processes is left: removing its plugin configs and running with --force" >&2
  force=(--force)
elif [ "${SPACEX_ELT_FORCE:-}" = 1 ]; then
  force=(--force)
fi
remove_plugin_configs
echo $$ >"$pidfile"

log=$(mktemp)
cleanup() {
  remove_plugin_configs
  rm -f "$pidfile" "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set +e
{ "$root/fixtures/with-replay-server.sh" "$meltano" --cwd "$project" "${global[@]}" run "${force[@]}" "$@" 2>&1 1>&3 3>&- | tee "$log" >&2; } 3>&1
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] && exit 0

# One line naming the cause, after Meltano's output.
if grep -q "pipeline is already running" "$log"; then
  echo "$me: Meltano records a run of this job as still running, but no run of this project is alive: if none runs elsewhere either, run again with SPACEX_ELT_FORCE=1 (or wait until the time Meltano names)" >&2
elif [ -n "${PGHOST:-}" ] && ! pg_isready -q -h "$PGHOST" -p "${PGPORT:-5432}" -t 5; then
  echo "$me: the warehouse Postgres at $PGHOST:${PGPORT:-5432} stopped answering during the run (exit $status); start it (just db-up) and run again: the run resumes from the last state Meltano saved" >&2
elif grep -Eqi "server closed the connection unexpectedly|terminating connection|connection to server .* failed|could not connect to server|connection refused" "$log"; then
  echo "$me: the connection to the warehouse Postgres at ${PGHOST:-?}:${PGPORT:-?} was lost during the run (exit $status); check the server, then run again: the run resumes from the last state Meltano saved" >&2
else
  # The first error a plugin logged (Go's slog: error="..."), else Meltano's first error line.
  cause=$(sed -nE 's/.*\] ([A-Za-z0-9_-]+) +.*level=ERROR .*error="(([^"\\]|\\.)*)".*/\1: \2/p' "$log" | head -n 1)
  cause=${cause//\\\"/\"}
  # dbt's own summary of what failed: "Failure in test X (path)", "Database Error in model Y".
  [ -n "$cause" ] || cause=$(sed -nE 's/\x1b\[[0-9;]*m//g; s/.*\] dbt-postgres +[0-9:]* +((Failure|Error|Database Error|Compilation Error|Runtime Error) in .*)/dbt: \1/p' "$log" | head -n 1 | cut -c1-300)
  [ -n "$cause" ] || cause=$(sed -nE 's/^.*\[error +\] +//p' "$log" | head -n 1 | cut -c1-300)
  echo "$me: the run failed (exit $status): ${cause:-see the output above}" >&2
fi
exit "$status"
