# The SpaceX ELT pipeline. `just pipeline` runs it, `just test` tests it; both set up
# everything they need first. `just --list` shows every recipe.

set shell := ["bash", "-euo", "pipefail", "-c"]
set dotenv-load

# Offline by design: no usage tracking from Meltano or dbt.
export MELTANO_SEND_ANONYMOUS_USAGE_STATS := "false"
export DBT_SEND_ANONYMOUS_USAGE_STATS := "false"
export DO_NOT_TRACK := "1"

# The dbt project's folders as real paths for the dbt-postgres utility: its pre-invoke `dbt clean`
# refuses paths it cannot see inside the project, and meltano.yml can only say `meltano/../dbt`.
export DBT_POSTGRES_PROJECT_DIR := justfile_directory() / "dbt"
export DBT_POSTGRES_PROFILES_DIR := justfile_directory() / "dbt/profiles"
export DBT_POSTGRES_TARGET_PATH := justfile_directory() / "dbt/target"

python := env("PYTHON", "python3.11")
meltano := justfile_directory() / ".venv/bin/meltano"

# List the recipes.
default:
    @just --list

# Run the pipeline: extract (tap-spacex and tap-celestrak, and tap-spacetrack when Space-Track credentials
# are set), load (target-postgres), transform (dbt). With SPACEX_SNAPSHOT, SPACETRACK_SNAPSHOT and/or
# CELESTRAK_SNAPSHOT=<folder>, the run is offline: only the sources given a snapshot run, through the
# replay server. meltano/meltano.sh guards
# the run: one at a time, a killed run's leftovers removed and the next run forced, a one-line cause
# when it fails. `just pipeline --environment prod` keeps Meltano's state in the warehouse.
pipeline *args: setup db-up
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    for v in SPACEX_LOADER_USER SPACEX_LOADER_PASSWORD SPACEX_TRANSFORMER_USER SPACEX_TRANSFORMER_PASSWORD; do
      [ -n "${!v:-}" ] || { echo "$v is not set: with your own Postgres (PGHOST), set the components' login users and passwords (see .env.template)" >&2; exit 2; }
    done
    # The sources: offline (any *_SNAPSHOT set) only those given a snapshot; live, the SpaceX API
    # and CelesTrak (no account needed), plus Space-Track when its credentials are set. Without
    # Space-Track it says once how to add it.
    offline=${SPACEX_SNAPSHOT:-}${SPACETRACK_SNAPSHOT:-}${CELESTRAK_SNAPSHOT:-}
    spacetrack=; celestrak=
    if [ -n "${SPACETRACK_SNAPSHOT:-}" ] || { [ -z "$offline" ] && [ -n "${TAP_SPACETRACK_IDENTITY:-}" ] && [ -n "${TAP_SPACETRACK_PASSWORD:-}" ]; }; then spacetrack=1; fi
    if [ -n "${CELESTRAK_SNAPSHOT:-}" ] || [ -z "$offline" ]; then celestrak=1; fi
    case "$spacetrack,$celestrak" in
      1,1) job=spacex-elt ;;
      1,) job=spacex-elt-spacetrack ;;
      ,1) job=spacex-elt-celestrak ;;
      *) job=spacex-elt-api-only ;;
    esac
    if [ -z "$spacetrack" ]; then
      echo "Space-Track's satellite catalogue is not loaded (no TAP_SPACETRACK_IDENTITY/TAP_SPACETRACK_PASSWORD, no SPACETRACK_SNAPSHOT): the answer uses $([ -n "$celestrak" ] && echo "CelesTrak's copy of the catalogue and the SpaceX API" || echo "the SpaceX API alone"). To add it, create a free account at https://www.space-track.org and put TAP_SPACETRACK_IDENTITY and TAP_SPACETRACK_PASSWORD in .env (see .env.template)." >&2
    fi
    meltano/meltano.sh {{args}} run "$job"
    echo
    echo "When will 42,000 Starlink satellites be in orbit?"
    PGUSER="${SPACEX_ANALYST_USER:-$PGUSER}" PGPASSWORD="${SPACEX_ANALYST_PASSWORD:-$PGPASSWORD}" \
      psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
    echo
    just report

# e.g. just meltano --environment prod state list
# Run a Meltano command on the project, with the system database of its environment.
meltano *args: setup db-up
    eval "$(warehouse/pg-env.sh)" && meltano/meltano.sh {{args}}

# Run the tests: vet, Go tests, generated code up to date, dbt parse, and the end-to-end
# pipeline on SPACEX_SNAPSHOT when it is set.
test: setup db-up
    go vet ./...
    eval "$(warehouse/pg-env.sh)" && go test ./...
    just check-generated
    eval "$(warehouse/pg-env.sh)" && {{meltano}} --cwd meltano invoke dbt-postgres:parse
    if [ -n "${SPACEX_SNAPSHOT:-}" ]; then just e2e; else echo "SPACEX_SNAPSHOT is not set: end-to-end tests not run"; fi

# Run the end-to-end tests (real Postgres, Meltano, target-postgres, dbt) on SPACEX_SNAPSHOT.
e2e: setup db-up
    test -n "${SPACEX_SNAPSHOT:-}" || { echo "set SPACEX_SNAPSHOT to a snapshot folder, e.g. ../shared/spacex-api" >&2; exit 2; }
    eval "$(warehouse/pg-env.sh)" && go test -tags e2e -count=1 -v -timeout 30m ./e2e/...

# Install everything the pipeline needs; safe to run again.
setup: build python-env meltano-install

# Build tap-spacex, tap-spacetrack, tap-celestrak, the replay server, spacex-migrate and spacex-report into bin/.
# The taps' --about reports the version Go records from git (-buildvcs=auto overrides a
# GOFLAGS=-buildvcs=false; a git worktree, whose .git is a file, records none: "(devel)").
build:
    go build -buildvcs=auto -o bin/tap-spacex ./tap/cmd/tap-spacex
    go build -buildvcs=auto -o bin/tap-spacetrack ./tap/cmd/tap-spacetrack
    go build -buildvcs=auto -o bin/tap-celestrak ./tap/cmd/tap-celestrak
    go build -o bin/replay-server ./fixtures/cmd/replay-server
    go build -o bin/spacex-migrate ./warehouse/cmd/spacex-migrate
    go build -o bin/spacex-report ./analyses/cmd/report

# Create .venv with the pinned Python toolchain (Meltano, uv) from python/requirements.lock.
python-env:
    #!/usr/bin/env bash
    set -euo pipefail
    want=$(sha256sum python/requirements.lock | cut -d' ' -f1)
    if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" = "$want" ]; then exit 0; fi
    command -v {{python}} >/dev/null || { echo "{{python}} not found: the toolchain is pinned to Python $(cat .python-version)" >&2; exit 1; }
    rm -rf .venv
    {{python}} -m venv .venv
    .venv/bin/pip install --quiet --require-hashes -r python/requirements.lock
    echo "$want" > .venv/.requirements.sha256

# Install the Meltano plugins (target-postgres, dbt) into meltano/.meltano.
meltano-install: python-env
    {{meltano}} --cwd meltano install

# Regenerate the typed client from the OpenAPI spec.
generate:
    go generate ./...

# Fail when the generated code is not what the spec generates.
check-generated:
    go generate ./...
    git diff --exit-code -- client/ openapi/ || { echo "generated code is out of date: run 'just generate' and commit" >&2; exit 1; }

# Start the warehouse: check your server when PGHOST is set, else start the project-local cluster.
db-up:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ -n "${PGHOST:-}" ]; then
      pg_isready -q -h "$PGHOST" -p "${PGPORT:-5432}" || { echo "Postgres at $PGHOST:${PGPORT:-5432} is not reachable" >&2; exit 1; }
    else
      warehouse/local-postgres.sh up
    fi

# Stop the project-local Postgres cluster.
db-stop:
    warehouse/local-postgres.sh stop

# Write the analysts' report into analyses/: starlink-forecast.md, charts/*.{svg,png}, sql/.
report: build db-up
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    # The starting queries: dbt/analyses/ compiled to plain SQL (no `dbt clean` first, so the
    # pipeline's target stays), copied into analyses/sql/ by the report.
    DBT_POSTGRES_SKIP_PRE_INVOKE=true {{meltano}} --cwd meltano invoke dbt-postgres:compile --select "resource_type:analysis" >/dev/null
    # The report and its charts, from the marts only, as the analyst's login.
    PGUSER="${SPACEX_ANALYST_USER:-$PGUSER}" PGPASSWORD="${SPACEX_ANALYST_PASSWORD:-$PGPASSWORD}" \
      bin/spacex-report -out analyses -dbt-project dbt/dbt_project.yml -sql-from "$DBT_POSTGRES_TARGET_PATH/compiled/spacex/analyses"

# Try other forecast assumptions, then rewrite the report: just forecast '{starlink_planned_deorbit_age_months: 84}'
forecast vars: setup db-up
    eval "$(warehouse/pg-env.sh)" && {{meltano}} --cwd meltano invoke dbt-postgres:build --select "path:models/intermediate/forecast+" --vars '{{vars}}'
    just report

# Generate the dbt documentation site (dbt/target): models, columns, lineage, the report's exposure.
docs-generate: setup db-up
    eval "$(warehouse/pg-env.sh)" && DBT_POSTGRES_SKIP_PRE_INVOKE=true {{meltano}} --cwd meltano invoke dbt-postgres:docs-generate

# Generate the dbt documentation and serve it for analysts on http://127.0.0.1:8580 (Ctrl-C stops it).
docs port="8580": docs-generate
    eval "$(warehouse/pg-env.sh)" && DBT_POSTGRES_SKIP_PRE_INVOKE=true {{meltano}} --cwd meltano invoke dbt-postgres:docs-serve --host 127.0.0.1 --port {{port}} --no-browser

# Benchmarks: taps' sync throughput (on SPACEX_SNAPSHOT / SPACETRACK_SNAPSHOT when set) and memory flatness, the pager, the replay server.
bench:
    go test -run '^$' -bench . -benchmem ./tap/... ./client/... ./fixtures/replay/

# Open psql on the warehouse as its admin.
psql *args:
    eval "$(warehouse/pg-env.sh)" && psql {{args}}

# Open psql on the warehouse as the analyst's login user: what analysts see.
psql-analyst *args:
    eval "$(warehouse/pg-env.sh)" && PGUSER="$SPACEX_ANALYST_USER" PGPASSWORD="${SPACEX_ANALYST_PASSWORD:-}" psql {{args}}

# Run the warehouse migrations as the PG* admin: just migrate up | down N | version | force V
migrate *args: build db-up
    eval "$(warehouse/pg-env.sh)" && bin/spacex-migrate {{args}}

# Re-record the clients' go-vcr cassettes: from fixtures/sample by default,
# BASE_URL=https://api.spacexdata.com just record for the live API; Space-Track's always from
# fixtures/spacetrack-sample (scrubbed: no credential, no cookie).
record:
    rm -rf fixtures/cassettes/spacex
    SPACEX_RECORD_BASE_URL="${BASE_URL:-sample}" go test ./client/spacex/ -run Cassette -count=1
    go test ./client/spacex/ -run Cassette -count=1
    rm -f fixtures/cassettes/spacetrack/*.yaml
    SPACETRACK_RECORD=sample go test ./client/spacetrack/ -run Cassette -count=1
    go test ./client/spacetrack/ -run Cassette -count=1
