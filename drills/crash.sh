#!/usr/bin/env bash
# Crash drill (issue 9 point 5): during a load of concern intakes, kill -9 the gunicorn master
# and all its workers at once (after DRILL_CRASH_AFTER answered intakes), restart it, let the
# load go on; then check that every intake the server answered with a receipt exists whole
# (concern, case, person, audit event), that nothing is half-written anywhere, and that
# `manage.py verify_audit` passes.
#
#   drills/crash.sh
#   DRILL_USERS_COUNT=50 DRILL_CRASH_AFTER=20 DRILL_DURATION=60s DRILL_PORT=8631 drills/crash.sh
DRILL_NAME=crash
source "$(dirname "$0")/lib.sh"
PORT=${DRILL_PORT:-8631}
CRASH_AFTER=${DRILL_CRASH_AFTER:-20}  # answered intakes before the kill
export DRILL_DURATION=${DRILL_DURATION:-60s}
export DRILL_CONCERNS=${DRILL_CONCERNS:-50}
# Only drill-made rows: the integrity check then holds every case and person to the intake rules.
export DRILL_SYNTHETIC_CASES=0

drill_environment
prepare_database
start_gunicorn app "$PORT"
export DRILL_MIX=intake DRILL_INTAKES="$WORK/intakes.jsonl" DRILL_ALLOW_ERRORS=1
answered() { if [[ -f $DRILL_INTAKES ]]; then wc -l <"$DRILL_INTAKES"; else echo 0; fi; }
# The load in its own process group (job control on for this one job), so cleanup can end it.
set -m
run_load "http://127.0.0.1:$PORT" >"$WORK/load-summary.txt" 2>&1 &
load=$!
set +m
GROUPS_STARTED+=("$load")

# Crash in the middle of the intakes: once CRASH_AFTER of them have been answered.
for _ in $(seq 1 240); do
    [[ $(answered) -ge $CRASH_AFTER ]] && break
    sleep 0.5
done
before=$(answered)
[[ $before -gt 0 ]] || fail "no intake was answered before the crash"
say "kill -9 of gunicorn (master and workers, process group $app_PID) after $before answered intakes"
kill -KILL -- "-$app_PID"
# Gone when no live (non-zombie) process is left in the group; dying takes a moment under load.
alive() { ps -e -o pgid=,stat= | awk -v g="$app_PID" '$1 == g && $2 !~ /^Z/' | grep -q .; }
for _ in $(seq 1 40); do alive || break; sleep 0.25; done
alive && fail "gunicorn processes survived kill -9"
start_gunicorn app "$PORT"
wait "$load" || true
cat "$WORK/load-summary.txt"
after=$(answered)
say "answered intakes: $before before the crash, $((after - before)) after the restart"
[[ $before -gt 0 && $after -gt $before ]] || fail "the load did not run on both sides of the crash"

(cd "$ROOT" && "$PY" "$DRILLS_DIR/check_intakes.py" "$DRILL_INTAKES") || fail "intakes lost or half-written"
(cd "$ROOT" && "$PY" manage.py verify_audit) || fail "audit chain broken"
say "PASS: every answered intake exists whole, nothing half-written, the audit chain verifies"
