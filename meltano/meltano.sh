#!/usr/bin/env bash
# Runs Meltano on this project with what Meltano cannot do itself. `just pipeline` runs the job
# through it, and so does the daily schedule (the spacex-elt-guard utility of meltano.yml); run
# it yourself as `just meltano ARGS` (e.g. `just meltano --environment prod state list`).
#
#   meltano/meltano.sh [--environment ENV] run BLOCKS...   a run, guarded (below)
#   meltano/meltano.sh [--environment ENV] ARGS...          any other Meltano command, as it is
#
# Everything else (the system database in the warehouse, the snapshot folders, passwords) is in
# meltano.yml, so `meltano --environment prod run spacex-elt` from an orchestrator behaves the
# same without this script, but unguarded. Every command runs with umask 077: the plugin config
# files Meltano writes are private to their owner.
#
# A run also:
# - runs alone: a lock (flock, released by the kernel when every process of the run is gone)
#   refuses a second run of this project while one is alive, and names the first one's pid;
# - after a run that died without cleaning up (kill -9, a crash: its pid file is left and no
#   process of it holds the lock), removes the plugin config files it left and passes
#   `--force`, since Meltano would otherwise refuse for 5 minutes ("Another ... pipeline is
#   already running"). A run whose warehouse went away counts as one: Meltano's system database
#   is in the warehouse, so it could not mark its run ended either. SPACEX_ELT_FORCE=1 forces a run Meltano wrongly believes running
#   elsewhere (e.g. prod, after a host died).
# - removes stale plugin configs before it starts and after it ends, whatever the exit;
# - when it fails, ends with one line naming the cause, found from structured fields: Meltano's
#   JSON log (written to a temporary file beside its usual console output: the failed block's
#   exit codes, the failing plugin's slog `error=` field), dbt's run_results.json, and probes of
#   the warehouse (reachable? does it accept each component's login?).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
project=$root/meltano
meltano=${MELTANO_BIN:-$root/.venv/bin/meltano}
python=$(dirname "$meltano")/python
me="meltano.sh"
umask 077

global=()
environment=${MELTANO_ENVIRONMENT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --environment) environment=$2; shift 2 ;;
    --environment=*) environment=${1#*=}; shift ;;
    *) break ;;
  esac
done
[ -z "$environment" ] || global=(--environment "$environment")

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
  echo "$me: the previous run (pid $(cat "$pidfile")) ended without cleaning up (killed, or its warehouse went away) and none of its processes is left: removing its plugin configs and running with --force" >&2
  force=(--force)
elif [ "${SPACEX_ELT_FORCE:-}" = 1 ]; then
  force=(--force)
fi
remove_plugin_configs
echo $$ >"$pidfile"

work=$(mktemp -d)
keep_pidfile=
cleanup() {
  remove_plugin_configs
  [ -n "$keep_pidfile" ] || rm -f "$pidfile"
  # SPACEX_ELT_JSON_LOG=<file> keeps Meltano's JSON log of the run (the benchmark reads it).
  [ -z "${SPACEX_ELT_JSON_LOG:-}" ] || cp "$work/log.json" "$SPACEX_ELT_JSON_LOG" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Meltano's console output as usual, and the same events as JSON lines in $work/log.json.
cat >"$work/logging.yaml" <<EOF
version: 1
disable_existing_loggers: false
formatters:
  console:
    (): meltano.core.logging.console_log_formatter
    colors: false
  json:
    (): meltano.core.logging.json_formatter
handlers:
  console:
    class: logging.StreamHandler
    formatter: console
    stream: ext://sys.stderr
  json:
    class: logging.FileHandler
    formatter: json
    filename: $work/log.json
root:
  level: INFO
  handlers: [console, json]
EOF

set +e
"$meltano" --cwd "$project" --log-config "$work/logging.yaml" "${global[@]}" run "${force[@]}" "$@"
status=$?
set -e
[ "$status" -eq 0 ] && exit 0

# refused_login prints the first component login the warehouse refuses (libpq's reason; never
# a password), or a login that is not set.
refused_login() {
  local prefix user
  if [ -z "${MELTANO_DATABASE_URI:-}" ] && [ -z "${SPACEX_MELTANO_USER:-}" ]; then
    echo "has no login for Meltano's system database: SPACEX_MELTANO_USER is not set (see .env.template)"
    return 0
  fi
  for prefix in SPACEX_MELTANO SPACEX_LOADER SPACEX_TRANSFORMER; do
    user=${prefix}_USER
    [ -n "${!user:-}" ] || continue
    PROBE_USER=${!user} PROBE_PASSWORD=$(printenv "${prefix}_PASSWORD" || true) PROBE_PREFIX=$prefix \
      "$python" - <<'EOF' && continue
import os, sys
import psycopg
try:
    psycopg.connect(user=os.environ["PROBE_USER"], password=os.environ["PROBE_PASSWORD"], connect_timeout=10).close()
except psycopg.OperationalError as e:
    reason = " ".join(str(e).strip().splitlines()[-1].rsplit("failed: ", 1)[-1].replace("FATAL:", "").split())
    print(f'refused the login of {os.environ["PROBE_USER"]} ({os.environ["PROBE_PREFIX"]}_USER / {os.environ["PROBE_PREFIX"]}_PASSWORD): {reason}; set the right password and run again')
    sys.exit(1)
EOF
    return 0
  done
  return 1
}

# Meltano's JSON log, read with Meltano's own Python: the last failed block's error and the
# plugin types whose exit codes failed it (err, types), and the first line a plugin logged with
# slog fields level=ERROR and error="..." (the Go taps and spacex-* utilities log so) (plugin).
# dbt's run_results.json, when this run wrote it: the first node that errored or failed (dbt).
results=${DBT_POSTGRES_TARGET_PATH:-$root/dbt/target}/run_results.json
[ "$results" -nt "$work/logging.yaml" ] || results=
err= types= plugin= dbt=
eval "$(LOG="$work/log.json" RESULTS="$results" "$python" - <<'EOF' || true
import json, os, re, shlex
err, types, plugin, dbt = "", "", "", ""
with open(os.environ["LOG"], errors="replace") as f:
    for line in f:
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("event") == "Block run completed" and ev.get("success") is False:
            err = str(ev.get("err") or "")
            types = ",".join(sorted((ev.get("exit_codes") or {}).keys()))
        elif not plugin and ev.get("name") and isinstance(ev.get("event"), str):
            m = re.search(r'(?:^| )level=ERROR .*?error="((?:[^"\\]|\\.)*)"', ev["event"])
            if m:
                plugin = ev["name"] + ": " + m.group(1).replace('\\"', '"')
if os.environ.get("RESULTS"):
    with open(os.environ["RESULTS"]) as f:
        for r in json.load(f).get("results", []):
            if r.get("status") in ("error", "fail"):
                dbt = "dbt: %s %s: %s" % (r.get("unique_id"), r.get("status"), " ".join(str(r.get("message") or "").split()))
                break
for name, value in (("err", err), ("types", types), ("plugin", plugin), ("dbt", dbt[:300])):
    print(f"{name}={shlex.quote(value)}")
EOF
)"
plugin_types=$types

if [[ "$err" == *"already running"* ]] && [ -z "$plugin_types" ]; then
  echo "$me: Meltano records a run of this job as still running, but no run of this project is alive: if none runs elsewhere either, run again with SPACEX_ELT_FORCE=1 (or wait until the time Meltano names)" >&2
elif [ -n "${PGHOST:-}" ] && ! pg_isready -q -h "$PGHOST" -p "${PGPORT:-5432}" -t 5; then
  keep_pidfile=1 # Meltano's record of this run stays "running": the next run forces it ended
  echo "$me: the warehouse Postgres at $PGHOST:${PGPORT:-5432} stopped answering during the run (exit $status); start it (just db-up) and run again: the run resumes from the last state Meltano saved" >&2
elif refused=$(refused_login); then
  echo "$me: the warehouse Postgres at ${PGHOST:-?}:${PGPORT:-5432} $refused" >&2
else
  # The failing plugin's own error, else dbt's failed node (unless a tap or the loader failed),
  # else Meltano's error for the block.
  cause=$plugin
  if [ -z "$cause" ] && [[ ",$plugin_types," != *",extractors,"* && ",$plugin_types," != *",loaders,"* ]]; then
    cause=$dbt
  fi
  [ -n "$cause" ] || cause=${err:-see the output above}
  echo "$me: the run failed (exit $status${plugin_types:+; failed: $plugin_types}): $cause" >&2
fi
exit "$status"
