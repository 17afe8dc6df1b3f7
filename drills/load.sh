#!/usr/bin/env bash
# Load drill (issue 9 point 3): gunicorn + PostgreSQL on loopback, 50 concurrent users for 60 s
# mixing reads (dashboard, case list, case detail, person search, plan pages) and concern intakes
# (form POST with CSRF). Prints throughput and p99; exits non-zero on any error.
#
#   drills/load.sh                      # fresh scratch database and app server
#   DRILL_USERS_COUNT=50 DRILL_DURATION=60s DRILL_PORT=8601 drills/load.sh
DRILL_NAME=load
source "$(dirname "$0")/lib.sh"
PORT=${DRILL_PORT:-8601}

drill_environment
prepare_database
start_gunicorn app "$PORT"
run_load "http://127.0.0.1:$PORT"
say "PASS: zero errors"
