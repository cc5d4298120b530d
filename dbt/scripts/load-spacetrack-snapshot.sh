#!/usr/bin/env bash
# DEV ONLY: load a recorded Space-Track SATCAT response into tap_spacetrack.satcat the way
# tap-spacetrack will (stream `satcat`, key NORAD_CAT_ID, every property ["null","string"], one
# table version per run with ACTIVATE_VERSION), through the REAL target-postgres of the
# Meltano project. It exists so the dbt models can be built and tested before the Go tap
# lands; once `meltano run` extracts tap-spacetrack, use that instead.
#
#   dbt/scripts/load-spacetrack-snapshot.sh [satcat.json]     # default: $SPACETRACK_SNAPSHOT/satcat-starlink.json
#   dbt/scripts/load-spacetrack-snapshot.sh --drop            # drop tap_spacetrack.satcat (the SpaceX-only case; cascade: with the dbt views on it)
#
# Run from the repository's root after `just setup && just db-up`; loads .env and the
# warehouse's PG* variables itself. It loads as the PG* admin (the loader role has no rights
# on tap_spacetrack until tap-spacetrack's migration grants them) and grants the transformer
# read access, as that migration will. Property names are kept as sent (upper case), so
# target-postgres creates quoted upper-case columns ("NORAD_CAT_ID", ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
eval "$(warehouse/pg-env.sh)"

schema=${TAP_SPACETRACK_SCHEMA:-tap_spacetrack}
transformer_role=${SPACEX_TRANSFORMER_ROLE:-spacex_transformer}

if [ "${1:-}" = "--drop" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -c "drop table if exists \"$schema\".satcat cascade"
  echo "load-spacetrack-snapshot: dropped $schema.satcat" >&2
  exit 0
fi

file=${1:-${SPACETRACK_SNAPSHOT:-../shared/space-track}/satcat-starlink.json}
[ -r "$file" ] || { echo "load-spacetrack-snapshot: cannot read $file (pass a file or set SPACETRACK_SNAPSHOT)" >&2; exit 2; }

psql -X -q -v ON_ERROR_STOP=1 -c "create schema if not exists \"$schema\""

# Singer messages: SCHEMA, one RECORD per document (as sent: strings or null), ACTIVATE_VERSION.
python3 - "$file" <<'PY' |
import json, sys, time

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    documents = json.load(f)
if not isinstance(documents, list):
    sys.exit(f"load-spacetrack-snapshot: {path}: expected a JSON array of satcat documents")
properties = {}
for i, doc in enumerate(documents):
    if not isinstance(doc, dict) or not isinstance(doc.get("NORAD_CAT_ID"), str):
        sys.exit(f"load-spacetrack-snapshot: {path}: document {i} has no string NORAD_CAT_ID")
    for key, value in doc.items():
        if value is not None and not isinstance(value, str):
            sys.exit(f"load-spacetrack-snapshot: {path}: document {i} (NORAD_CAT_ID {doc['NORAD_CAT_ID']}) field {key}: not a string or null")
        properties.setdefault(key, {"type": ["null", "string"]})
version = int(time.time() * 1000)
out = sys.stdout
out.write(json.dumps({"type": "SCHEMA", "stream": "satcat",
                      "schema": {"type": "object", "properties": properties},
                      "key_properties": ["NORAD_CAT_ID"]}) + "\n")
for doc in documents:
    out.write(json.dumps({"type": "RECORD", "stream": "satcat", "record": doc, "version": version}) + "\n")
out.write(json.dumps({"type": "ACTIVATE_VERSION", "stream": "satcat", "version": version}) + "\n")
print(f"load-spacetrack-snapshot: {len(documents)} documents from {path}, table version {version}", file=sys.stderr)
PY
  TARGET_POSTGRES_USER="$PGUSER" TARGET_POSTGRES_PASSWORD="${PGPASSWORD:-}" \
  TARGET_POSTGRES_DEFAULT_TARGET_SCHEMA="$schema" \
  .venv/bin/meltano --cwd meltano invoke target-postgres

psql -X -q -v ON_ERROR_STOP=1 <<SQL
do \$\$
begin
    if exists (select from pg_roles where rolname = '$transformer_role') then
        execute format('grant usage on schema %I to %I', '$schema', '$transformer_role');
        execute format('grant select on all tables in schema %I to %I', '$schema', '$transformer_role');
    end if;
end
\$\$;
SQL
psql -X -q -t -A -c "select 'load-spacetrack-snapshot: ' || count(*) || ' rows in $schema.satcat' from \"$schema\".satcat" >&2
