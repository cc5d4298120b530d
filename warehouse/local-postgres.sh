#!/usr/bin/env bash
# A project-local PostgreSQL cluster for development and CI, used when no PG* variables point
# at a server of your own.
#
#   warehouse/local-postgres.sh up      initialise (once) and start the cluster; idempotent
#   warehouse/local-postgres.sh stop    stop it (the data stays)
#   warehouse/local-postgres.sh status  say whether it runs
#   warehouse/local-postgres.sh env     print the libpq variables that reach it, and the login
#                                       users of the pipeline's components (for eval)
#
# The cluster listens on 127.0.0.1 only, on LOCAL_PG_PORT (default 55432), and holds its data in
# .local/postgres (git-ignored). Like a managed server, it checks a password on every login
# (scram-sha-256, over TCP and its socket alike; password_encryption=scram-sha-256), so every
# test and run logs in the way it must on a server of your own. Its superuser's password is made
# up at initialisation and kept beside the data (mode 600); the login users of the components
# (loader, transformer, analyst, and Meltano's system database), which `spacex-migrate up`
# creates, get made-up passwords the same way. A cluster made by an older version of this script
# (which trusted local connections) is switched to passwords on `up`.
# PostgreSQL refuses to run as root: as root (CI) the server runs as the `postgres` system user
# that Debian's package creates.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${LOCAL_PG_PORT:-55432}
database=${LOCAL_PG_DATABASE:-spacex}
superuser=postgres
datadir=${LOCAL_PG_DATA:-$root/.local/postgres}
# As root, the server runs as `postgres`, which must reach the data folder: when a parent of the
# checkout is closed to it (a clone under /root, say), keep the data under /var/tmp instead.
if [ -z "${LOCAL_PG_DATA:-}" ] && [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$root" 2>/dev/null; then
  datadir=/var/tmp/spacex-elt-postgres-$(printf '%s' "$root" | cksum | cut -d' ' -f1)
fi

passfile=$datadir.password
credfile=$datadir.credentials

die() { echo "local-postgres: $*" >&2; exit 1; }

pg_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "no PostgreSQL server binaries found (Debian: apt-get install postgresql)"
  echo "$dir"
}

# as_owner runs a server command as the user who owns the cluster: ourselves, or `postgres`
# when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (Debian's postgresql package creates it)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1
}

# new_password writes a made-up superuser password into $passfile, unless it holds one.
new_password() {
  [ -s "$passfile" ] || (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$passfile")
}

# The client authentication every login goes through: a scram-sha-256 password, on the socket
# and over TCP, for every user and database (replication too).
hba='# Written by warehouse/local-postgres.sh: every login needs its password (scram-sha-256).
# TYPE  DATABASE     USER  ADDRESS       METHOD
local   all          all                 scram-sha-256
host    all          all   127.0.0.1/32  scram-sha-256
host    all          all   ::1/128       scram-sha-256
local   replication  all                 scram-sha-256
host    replication  all   127.0.0.1/32  scram-sha-256
host    replication  all   ::1/128       scram-sha-256'

# require_passwords makes the cluster check passwords (pg_hba.conf above; the server starts with
# password_encryption=scram-sha-256); a running server reloads its configuration. An older
# cluster that trusted local connections gets its superuser's password (stored as SCRAM) before
# it stops trusting them.
require_passwords() {
  local conf=$datadir/pg_hba.conf
  if [ "$(as_owner cat "$conf")" = "$hba" ]; then
    return
  fi
  echo "local-postgres: requiring scram-sha-256 passwords for every login (pg_hba.conf)" >&2
  if is_running; then
    new_password
    # Still trusted here (an older cluster), or already checking the password we keep.
    PGPASSWORD=$(cat "$passfile") "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres \
      -c "set password_encryption = 'scram-sha-256'" \
      -c "alter role $superuser password '$(cat "$passfile")'" >/dev/null
  fi
  printf '%s\n' "$hba" | as_owner tee "$conf" >/dev/null
  if is_running; then
    as_owner "$bin/pg_ctl" --pgdata="$datadir" reload >/dev/null
  fi
}

up() {
  if [ ! -s "$datadir/PG_VERSION" ]; then
    echo "local-postgres: initialising a cluster in $datadir" >&2
    mkdir -p "$datadir"
    chmod 700 "$datadir"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$datadir"
    # The cluster folder's parents must be reachable by the server's user.
    as_owner test -w "$datadir" || die "$datadir is not writable by the server's user; set LOCAL_PG_DATA to another folder"
    new_password
    # initdb reads the superuser's password from a file the server's user can read: a private
    # copy, removed at once.
    pwfile=$(mktemp "$datadir/../.pwfile.XXXXXX")
    cp "$passfile" "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pwfile"
    as_owner "$bin/initdb" --pgdata="$datadir" --username="$superuser" --pwfile="$pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$datadir.initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$datadir.initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
  fi
  require_passwords
  if is_running; then
    echo "local-postgres: already running on 127.0.0.1:$port" >&2
  else
    as_owner "$bin/pg_ctl" --pgdata="$datadir" --log="$datadir/server.log" --wait --timeout=60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c password_encryption=scram-sha-256 -c unix_socket_directories='$datadir'" start >/dev/null \
      || { tail -n 20 "$datadir/server.log" >&2; die "the server did not start"; }
    echo "local-postgres: started on 127.0.0.1:$port (data in $datadir)" >&2
  fi
  # One line per component; a component added later (meltano, forecaster) is appended to an older file.
  (
    umask 077
    for who in loader transformer analyst meltano forecaster; do
      upper=$(echo "$who" | tr a-z A-Z)
      grep -q "SPACEX_${upper}_USER=" "$credfile" 2>/dev/null && continue
      echo "export SPACEX_${upper}_USER=spacex_${who}_login SPACEX_${upper}_PASSWORD=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" >> "$credfile"
    done
  )
  if ! PGPASSWORD=$(cat "$passfile") "$bin/psql" -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres -tAc \
      "select 1 from pg_database where datname = '$database'" | grep -q 1; then
    PGPASSWORD=$(cat "$passfile") "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$superuser" "$database"
    echo "local-postgres: created database $database" >&2
  fi
}

stop() {
  if [ -s "$datadir/PG_VERSION" ] && is_running; then
    as_owner "$bin/pg_ctl" --pgdata="$datadir" --wait stop >/dev/null
    echo "local-postgres: stopped" >&2
  else
    echo "local-postgres: not running" >&2
  fi
}

bin=$(pg_bin)
case "${1:-}" in
  up) up ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "not running"; exit 3; fi ;;
  env)
    [ -s "$passfile" ] || die "no cluster yet: run '$0 up' first"
    echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$superuser PGPASSWORD=$(cat "$passfile") PGDATABASE=$database"
    cat "$credfile"
    ;;
  *) die "usage: $0 up|stop|status|env" ;;
esac
