# The SpaceX ELT pipeline. `just pipeline` runs it, `just test` tests it; both set up
# everything they need first. `just --list` shows every recipe.

set shell := ["bash", "-euo", "pipefail", "-c"]
set dotenv-load

# Offline by design: no usage tracking from Meltano or dbt.
export MELTANO_SEND_ANONYMOUS_USAGE_STATS := "false"
export DBT_SEND_ANONYMOUS_USAGE_STATS := "false"
export DO_NOT_TRACK := "1"

python := env("PYTHON", "python3.11")
meltano := justfile_directory() / ".venv/bin/meltano"

# List the recipes.
default:
    @just --list

# Run the pipeline: set the warehouse up (`just migrate up`, the deploy step), then the Meltano
# job: extract (tap-spacex and tap-celestrak, and tap-spacetrack when Space-Track credentials are
# set), load (target-postgres), transform (dbt), forecast (spacex-forecast), through
# meltano/meltano.sh (one run at a time, a killed run's leftovers removed, a one-line cause when
# it fails); then print the answer and write the report into REPORT_DIR (default analyses/).
# With SPACEX_SNAPSHOT, SPACETRACK_SNAPSHOT and/or CELESTRAK_SNAPSHOT=<folder> (relative to this
# folder, or absolute), the run is offline, in Meltano's `snapshot` environment: only the sources
# given a snapshot run, each tap reading its folder instead of the live API.
# `just pipeline --environment prod` runs the daily job as an orchestrator would.
pipeline *args: setup db-up (migrate "up")
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    for v in SPACEX_LOADER_USER SPACEX_LOADER_PASSWORD SPACEX_TRANSFORMER_USER SPACEX_TRANSFORMER_PASSWORD SPACEX_FORECASTER_USER SPACEX_FORECASTER_PASSWORD SPACEX_MELTANO_USER SPACEX_MELTANO_PASSWORD; do
      [ -n "${!v:-}" ] || { echo "$v is not set: with your own Postgres (PGHOST), set the components' login users and passwords (see .env.template)" >&2; exit 2; }
    done
    eval "$(just _snapshots)"
    # The sources: offline (any *_SNAPSHOT set) only those given a snapshot; live, the SpaceX API
    # and CelesTrak (no account needed), plus Space-Track when its credentials are set. Without
    # Space-Track it says once how to add it.
    offline=${SPACEX_SNAPSHOT:-}${SPACETRACK_SNAPSHOT:-}${CELESTRAK_SNAPSHOT:-}
    environment=()
    if [ -n "$offline" ] && [[ " {{args}} " != *" --environment"* ]]; then
      environment=(--environment snapshot)
    fi
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
    meltano/meltano.sh "${environment[@]}" {{args}} run "$job"
    echo
    echo "When will 42,000 Starlink satellites be in orbit?"
    PGUSER="${SPACEX_ANALYST_USER:-$PGUSER}" PGPASSWORD="${SPACEX_ANALYST_PASSWORD:-$PGPASSWORD}" \
      psql -X -q -v ON_ERROR_STOP=1 -f dbt/scripts/print_answer.sql
    echo
    just report "${REPORT_DIR:-analyses}"

# Print `export` lines that make SPACEX_SNAPSHOT, SPACETRACK_SNAPSHOT and CELESTRAK_SNAPSHOT absolute (relative ones
# are relative to this folder: go test and the taps run in other folders), failing when either
# names no folder.
_snapshots:
    #!/usr/bin/env bash
    set -euo pipefail
    for v in SPACEX_SNAPSHOT SPACETRACK_SNAPSHOT CELESTRAK_SNAPSHOT; do
      [ -n "${!v:-}" ] || continue
      dir=$(cd "${!v}" 2>/dev/null && pwd) || { echo "$v=${!v} is not a folder (relative paths are relative to {{justfile_directory()}})" >&2; exit 2; }
      printf 'export %s=%q\n' "$v" "$dir"
    done

# e.g. just meltano --environment prod state list
# Run a Meltano command on the project, with the system database of its environment.
meltano *args: setup db-up
    eval "$(warehouse/pg-env.sh)" && meltano/meltano.sh {{args}}

# Run the tests: vet, Go tests, generated code up to date, dbt parse, and the end-to-end
# pipeline on SPACEX_SNAPSHOT when it is set.
test: setup db-up (migrate "up")
    go vet ./...
    eval "$(warehouse/pg-env.sh)" && eval "$(just _snapshots)" && go test ./...
    just check-generated
    eval "$(warehouse/pg-env.sh)" && meltano/meltano.sh invoke dbt-postgres:parse
    if [ -n "${SPACEX_SNAPSHOT:-}" ]; then just e2e; else echo "SPACEX_SNAPSHOT is not set: end-to-end tests not run"; fi

# Run the end-to-end tests (real Postgres, Meltano, target-postgres, dbt) on SPACEX_SNAPSHOT.
e2e: setup db-up
    test -n "${SPACEX_SNAPSHOT:-}" || { echo "set SPACEX_SNAPSHOT to a snapshot folder, e.g. ../shared/spacex-api" >&2; exit 2; }
    eval "$(warehouse/pg-env.sh)" && eval "$(just _snapshots)" && go test -tags e2e -count=1 -v -timeout 30m -run "${E2E_RUN:-.}" ./e2e/...

# Install everything the pipeline needs; safe to run again.
setup: build python-env meltano-install

# Build tap-spacex, tap-spacetrack, tap-celestrak, the replay server (test tooling), spacex-migrate, spacex-forecast, spacex-report and spacex-explore into bin/.
# The taps' --about, each forecast run (forecast.runs.git_commit) and the what-if page report what Go records from
# git: -buildvcs=auto overrides a GOFLAGS=-buildvcs=false; a git worktree, whose .git is a file,
# records none ("(devel)", and a null commit).
build:
    go build -buildvcs=auto -o bin/tap-spacex ./tap/cmd/tap-spacex
    go build -buildvcs=auto -o bin/tap-spacetrack ./tap/cmd/tap-spacetrack
    go build -buildvcs=auto -o bin/tap-celestrak ./tap/cmd/tap-celestrak
    go build -o bin/replay-server ./fixtures/cmd/replay-server
    go build -o bin/spacex-migrate ./warehouse/cmd/spacex-migrate
    go build -o bin/spacex-report ./analyses/cmd/report
    go build -buildvcs=auto -o bin/spacex-forecast ./forecast/cmd/spacex-forecast
    go build -buildvcs=auto -o bin/spacex-explore ./analyses/cmd/explore

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

# Install the Meltano plugins (target-postgres, dbt) into meltano/.meltano. Meltano reads its
# system database (the warehouse's schema meltano) even here, so the warehouse is set up first.
meltano-install: python-env db-up (migrate "up")
    eval "$(warehouse/pg-env.sh)" && {{meltano}} --cwd meltano install

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

# Write the analysts' report into OUT (default analyses/): starlink-forecast.md, charts/*.{svg,png}, sql/.
report out="analyses": build db-up
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    # The starting queries: dbt/analyses/ compiled to plain SQL, copied into <out>/sql/ by the
    # report. What they compile to depends on the dbt project's files only (refs name no
    # database), not on the data, so they are compiled again only when one of those changed.
    compiled=dbt/target/compiled/spacex/analyses
    stamp=dbt/target/.analyses-compiled
    if [ ! -e "$stamp" ] || [ ! -d "$compiled" ] || [ -n "$(find dbt/analyses dbt/models dbt/macros dbt/dbt_project.yml -newer "$stamp" -print -quit 2>/dev/null)" ]; then
      touch "$stamp.new"
      meltano/meltano.sh invoke dbt-postgres:compile --select "resource_type:analysis" >/dev/null
      mv "$stamp.new" "$stamp"
    fi
    # The report and its charts, from the marts only, as the analyst's login.
    PGUSER="${SPACEX_ANALYST_USER:-$PGUSER}" PGPASSWORD="${SPACEX_ANALYST_PASSWORD:-$PGPASSWORD}" \
      bin/spacex-report -out "{{out}}" -dbt-project dbt/dbt_project.yml -sql-from "$compiled"

# `just forecast-assumptions` lists the names.
#
# Forecast again with other assumptions, rebuild the forecast marts, rewrite the report: just forecast 'starship_first_starlink_month_p50=2028-06 paths=2000'.
forecast sets="": setup db-up
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    read -r -a pairs <<< {{quote(sets)}}
    args=()
    for p in ${pairs[@]+"${pairs[@]}"}; do args+=(-set "$p"); done
    bin/spacex-forecast run ${args[@]+"${args[@]}"}
    meltano/meltano.sh invoke dbt-postgres:build-forecast
    just report

# Print the forecast's assumptions (name, value, unit, source); overrides as for `just forecast`.
forecast-assumptions sets="": build
    #!/usr/bin/env bash
    set -euo pipefail
    read -r -a pairs <<< {{quote(sets)}}
    args=()
    for p in ${pairs[@]+"${pairs[@]}"}; do args+=(-set "$p"); done
    bin/spacex-forecast assumptions ${args[@]+"${args[@]}"}

# Generate the dbt documentation site (dbt/target): models, columns, lineage, the report's exposure.
docs-generate: setup db-up
    eval "$(warehouse/pg-env.sh)" && meltano/meltano.sh invoke dbt-postgres:docs-generate

# Generate the dbt documentation and serve it for analysts on http://127.0.0.1:8580 (Ctrl-C stops it).
docs port="8580": docs-generate
    eval "$(warehouse/pg-env.sh)" && meltano/meltano.sh invoke dbt-postgres:docs-serve --host 127.0.0.1 --port {{port}} --no-browser

# Serve the what-if page on http://127.0.0.1:8581 (Ctrl-C stops it): move an assumption, the engine runs again. Reads the warehouse as the analyst: run `just pipeline` first.
explore port="8581": build db-up
    #!/usr/bin/env bash
    set -euo pipefail
    eval "$(warehouse/pg-env.sh)"
    [ -n "${SPACEX_ANALYST_USER:-}" ] || { echo "SPACEX_ANALYST_USER is not set: with your own Postgres (PGHOST), set the analyst's login user and password (see .env.template)" >&2; exit 2; }
    echo "Reading the history as $SPACEX_ANALYST_USER and running the full engine once; then the page is on http://127.0.0.1:{{port}}/"
    exec bin/spacex-explore -port {{port}}

# Benchmarks: taps' sync throughput (on SPACEX_SNAPSHOT / SPACETRACK_SNAPSHOT when set) and memory flatness, the pager, the replay server,
# the forecast engine (budget 5 s) and the what-if page's handler; then, with both snapshots, the warm job's stage times
# (job_s, el_s, dbt_s, meltano_s, report_s; e2e/bench_test.go).
bench: setup db-up (migrate "up")
    eval "$(warehouse/pg-env.sh)" && eval "$(just _snapshots)" && go test -run '^$' -bench . -benchmem ./tap/... ./client/... ./fixtures/replay/ ./forecast/... ./analyses/explore/
    eval "$(warehouse/pg-env.sh)" && eval "$(just _snapshots)" && go test -tags e2e -run '^$' -bench BenchmarkJob -benchtime 1x -timeout 30m -v ./e2e/

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
