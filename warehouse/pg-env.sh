#!/usr/bin/env bash
# Prints the libpq variables of the warehouse, for `eval "$(warehouse/pg-env.sh)"`.
# When PGHOST is set, the caller's own server is used and nothing is printed (every PG*
# variable is the caller's); otherwise the project-local cluster's variables are printed.
set -euo pipefail
if [ -n "${PGHOST:-}" ]; then
  exit 0
fi
exec "$(dirname "$0")/local-postgres.sh" env
