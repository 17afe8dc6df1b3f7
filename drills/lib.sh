# Shared helpers of the drills (sourced, not run). Each drill works in its own temp directory
# and its own scratch PostgreSQL database (drills_<name>), and kills what it started on exit.
set -euo pipefail

DRILLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$DRILLS_DIR")
PY=${PY:-$ROOT/.venv/bin/python}
PG_BASE=${DRILL_PG:-postgres://postgres@127.0.0.1:5432}
REDIS_BASE=${DRILL_REDIS:-redis://127.0.0.1:6379/0}
DRILL_USERS_COUNT=${DRILL_USERS_COUNT:-50}
DRILL_DURATION=${DRILL_DURATION:-60s}
DRILL_GUNICORN_WORKERS=${DRILL_GUNICORN_WORKERS:-3}
DRILL_GUNICORN_THREADS=${DRILL_GUNICORN_THREADS:-4}
GROUPS_STARTED=()

# psql as the administrator, without NOTICE lines ("does not exist, skipping").
pg_admin() { PGOPTIONS=--client-min-messages=warning psql -q -X "$PG_BASE/postgres" -c "$1" >/dev/null; }
say() { printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "${DRILL_NAME:-drill}" "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# Kill every process group this drill started (gunicorn masters with their workers, nginx).
cleanup() {
    local status=$?
    for group in "${GROUPS_STARTED[@]}"; do
        kill -TERM -- "-$group" 2>/dev/null || true
    done
    sleep 1
    for group in "${GROUPS_STARTED[@]}"; do
        kill -KILL -- "-$group" 2>/dev/null || true
    done
    if declare -F drill_extra_cleanup >/dev/null; then drill_extra_cleanup || true; fi
    if [[ -n "${DRILL_DB:-}" && -z "${DRILL_KEEP:-}" ]]; then
        pg_admin "DROP DATABASE IF EXISTS $DRILL_DB WITH (FORCE)" 2>/dev/null || true
    fi
    if [[ -n "${WORK:-}" && -z "${DRILL_KEEP:-}" ]]; then rm -rf "$WORK"; fi
    exit "$status"
}

# The settings every process of a drill shares: a production-like server on plain HTTP loopback.
drill_environment() {
    WORK=$(mktemp -d "/tmp/forebyg-${DRILL_NAME}.XXXXXX")
    DRILL_DB="drills_${DRILL_NAME}_$$"
    export DJANGO_SETTINGS_MODULE=forebyg.settings
    export DEBUG=false HTTPS=false STATIC_FROM_SOURCES=true LOG_LEVEL=WARNING
    export FOREBYG_VAR_DIR="$WORK/var"
    export DATABASE_URL="$PG_BASE/$DRILL_DB"
    export DATABASE_CONN_MAX_AGE=60
    export ALLOWED_HOSTS=127.0.0.1,localhost
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

ensure_locust() {
    "$PY" -c 'import locust' 2>/dev/null || "$PY" -m pip install --quiet -r "$DRILLS_DIR/requirements.txt"
}

# A fresh database with the reference data, load-test users with minted sessions and some cases.
prepare_database() {
    say "database $DRILL_DB: migrate, reference data, cases, users with minted sessions"
    pg_admin "DROP DATABASE IF EXISTS $DRILL_DB WITH (FORCE)"
    pg_admin "CREATE DATABASE $DRILL_DB"
    (cd "$ROOT" && "$PY" manage.py migrate --noinput -v0 && "$PY" manage.py load_reference_data -v0 >/dev/null)
    # A realistic national dataset when the synthetic generator is there (issue 9 point 1);
    # otherwise prepare.py records DRILL_CONCERNS concerns through the intake service.
    if [[ ${DRILL_SYNTHETIC_CASES:-0} -gt 0 && -f "$ROOT/forebyg/synthetic/management/commands/generate_synthetic.py" ]]; then
        say "synthetic data: ${DRILL_SYNTHETIC_CASES:-0} cases"
        (cd "$ROOT" && "$PY" manage.py generate_synthetic --cases "${DRILL_SYNTHETIC_CASES:-0}" --seed 9) \
            || say "generate_synthetic failed: going on with the seeded concerns only"
    fi
    (cd "$ROOT" && "$PY" "$DRILLS_DIR/prepare.py" "$WORK/users.json" --concerns "${DRILL_CONCERNS:-200}")
    export DRILL_USERS="$WORK/users.json"
}

# start_gunicorn NAME PORT: an app server in its own process group (so that a kill -9 of the group
# takes the master and every worker at once); its pid (= group id) in the variable NAME_PID.
start_gunicorn() {
    local name=$1 port=$2
    (cd "$ROOT" && exec setsid "$PY" -m gunicorn forebyg.wsgi:application \
        --bind "127.0.0.1:$port" --workers "$DRILL_GUNICORN_WORKERS" \
        --threads "$DRILL_GUNICORN_THREADS" --worker-class gthread --timeout 120 --graceful-timeout 5 \
        --keep-alive 75 \
        --error-logfile "$WORK/$name.log" >>"$WORK/$name.log" 2>&1) &
    local pid=$!
    disown "$pid"  # no "Killed" job notice from bash when the drill ends it
    GROUPS_STARTED+=("$pid")
    printf -v "${name}_PID" '%s' "$pid"
    wait_for "http://127.0.0.1:$port/healthz" || fail "$name did not start (log: $WORK/$name.log)"
    say "$name: gunicorn on 127.0.0.1:$port (pid $pid)"
}

wait_for() {
    local url=$1
    for _ in $(seq 1 60); do
        curl -fs -o /dev/null "$url" && return 0
        sleep 0.5
    done
    return 1
}

# run_load URL [extra locust options]: 50 users for 60 s; prints the summary; non-zero on any error.
run_load() {
    local target=$1
    shift
    ensure_locust
    say "load: $DRILL_USERS_COUNT users for $DRILL_DURATION against $target"
    (cd "$DRILLS_DIR" && "$PY" -m locust -f locustfile.py --headless --only-summary \
        -u "$DRILL_USERS_COUNT" -r 10 -t "$DRILL_DURATION" -H "$target" \
        --csv "$WORK/load" --stop-timeout 120 --exit-code-on-error 0 --loglevel WARNING "$@" >"$WORK/locust.log" 2>&1) \
        || { cat "$WORK/locust.log"; fail "locust did not run"; }
    "$PY" "$DRILLS_DIR/summary.py" "$WORK/load_stats.csv" "$WORK/load_failures.csv" ${DRILL_ALLOW_ERRORS:+--allow-errors}
}
