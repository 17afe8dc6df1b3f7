#!/usr/bin/env bash
# Point-in-time recovery drill (issue 9 point 6): a scratch PostgreSQL cluster on a free loopback
# port with continuous WAL archiving; a base backup; rows written, the time noted, more rows
# written; then a copy restored from the base backup and the archive to the noted moment
# (recovery_target_time), which must hold the first rows and none of the later ones.
#
#   drills/pitr.sh                       # as root (runs the PostgreSQL binaries as postgres)
#   PG_BIN=/usr/lib/postgresql/15/bin drills/pitr.sh
set -euo pipefail
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
say() { printf '[%s pitr] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { say "FAIL: $*"; exit 1; }
as_postgres() { if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

DIR=$(mktemp -d /tmp/forebyg-pitr.XXXXXX)
chown postgres: "$DIR" 2>/dev/null || true
PRIMARY_PORT=$(free_port)
RESTORED_PORT=$(free_port)
cleanup() {
    local status=$?
    for cluster in primary restored; do
        [[ -f $DIR/$cluster/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$DIR/$cluster" -m immediate stop >/dev/null 2>&1 || true
    done
    [[ -z ${DRILL_KEEP:-} ]] && rm -rf "$DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sql() { psql -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"; }

say "cluster in $DIR on 127.0.0.1:$PRIMARY_PORT with archive_mode=on"
as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -A trust -U postgres >/dev/null
as_postgres mkdir "$DIR/archive"
cat >>"$DIR/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$DIR'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $DIR/archive/%f && cp %p $DIR/archive/%f'
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
sql "$PRIMARY_PORT" "CREATE TABLE drill (id serial PRIMARY KEY, batch text NOT NULL)"

say "base backup (pg_basebackup)"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/base" -X stream -c fast
sql "$PRIMARY_PORT" "INSERT INTO drill (batch) SELECT 'before' FROM generate_series(1, 100)"
sleep 1
TARGET=$(sql "$PRIMARY_PORT" "SELECT clock_timestamp()")
say "noted moment: $TARGET (100 rows 'before' committed)"
sleep 1
sql "$PRIMARY_PORT" "INSERT INTO drill (batch) SELECT 'after' FROM generate_series(1, 50)"
# Close the WAL segment holding the later rows, so it is archived, and wait for the archiver.
SEGMENT=$(sql "$PRIMARY_PORT" "SELECT pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 60); do
    [[ -f $DIR/archive/$SEGMENT ]] && break
    sleep 0.5
done
[[ -f $DIR/archive/$SEGMENT ]] || fail "WAL segment $SEGMENT was not archived"
say "primary has $(sql "$PRIMARY_PORT" "SELECT count(*) FROM drill") rows; WAL archived up to $SEGMENT"
as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" -m fast -w stop >/dev/null

say "restoring the base backup to $TARGET on 127.0.0.1:$RESTORED_PORT"
as_postgres cp -a "$DIR/base" "$DIR/restored"
as_postgres touch "$DIR/restored/recovery.signal"
cat >>"$DIR/restored/postgresql.conf" <<CONF
port = $RESTORED_PORT
archive_mode = off
restore_command = 'cp $DIR/archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$DIR/restored" -l "$DIR/restored.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
    [[ $(sql "$RESTORED_PORT" "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]] && break
    sleep 0.5
done
[[ $(sql "$RESTORED_PORT" "SELECT pg_is_in_recovery()") == f ]] || fail "recovery did not finish"
before=$(sql "$RESTORED_PORT" "SELECT count(*) FROM drill WHERE batch = 'before'")
after=$(sql "$RESTORED_PORT" "SELECT count(*) FROM drill WHERE batch = 'after'")
say "restored copy: $before rows 'before', $after rows 'after'"
[[ $before == 100 && $after == 0 ]] || fail "expected 100 'before' rows and no 'after' rows"
say "PASS: the copy is the database as it was at $TARGET"
