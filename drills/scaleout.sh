#!/usr/bin/env bash
# Scale-out drill (issue 9 point 4): two gunicorn app servers on different ports behind Debian's
# nginx, sharing PostgreSQL and Redis (cache, sessions, rate limits; lockouts in PostgreSQL).
# Runs the load drill through nginx, then shows that a session, a lockout and a rate limit hold
# across both servers (drills/crossserver.py). Exits non-zero on any failure.
#
#   drills/scaleout.sh
#   DRILL_NGINX_PORT=8620 DRILL_PORT_A=8621 DRILL_PORT_B=8622 DRILL_REDIS=redis://127.0.0.1:6379/0 drills/scaleout.sh
DRILL_NAME=scaleout
source "$(dirname "$0")/lib.sh"
NGINX_PORT=${DRILL_NGINX_PORT:-8620}
PORT_A=${DRILL_PORT_A:-8621}
PORT_B=${DRILL_PORT_B:-8622}
command -v nginx >/dev/null || fail "nginx is missing (apt-get install nginx-light)"

drill_environment
export REDIS_URL="$REDIS_BASE"
export CACHE_KEY_PREFIX="drill-scaleout-$$"  # its own keys in a Redis others may share
# Its keys go with it (sessions would otherwise linger in Redis for their 8 hours).
drill_extra_cleanup() {
    redis-cli -u "$REDIS_BASE" --scan --pattern "$CACHE_KEY_PREFIX:*" \
        | xargs -r redis-cli -u "$REDIS_BASE" del >/dev/null
}
export BEHIND_PROXY=true  # the client address is the one nginx appends to X-Forwarded-For
# A per-user search limit the load's users stay well under, and the check reaches quickly.
export FOREBYG_PERSON_SEARCH_LIMIT_PER_USER=${FOREBYG_PERSON_SEARCH_LIMIT_PER_USER:-40}

start_nginx() {
    mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
    cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    log_format upstream '\$upstream_addr \$status';
    access_log $WORK/nginx/logs/access.log upstream;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    client_max_body_size 110m;
    upstream forebyg {
        server 127.0.0.1:$PORT_A;
        server 127.0.0.1:$PORT_B;
        keepalive 32;
        # Shorter than gunicorn's --keep-alive (75 s): nginx closes an idle connection first, and
        # never sends a request down one that gunicorn is closing (a reset, then a 502).
        keepalive_timeout 60s;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://forebyg;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_read_timeout 120s;
        }
    }
}
CONF
    nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >/dev/null 2>&1 \
        || { nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"; fail "nginx config"; }
    setsid nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
    GROUPS_STARTED+=("$!")
    disown "$!"
    wait_for "http://127.0.0.1:$NGINX_PORT/healthz" || fail "nginx did not start"
    say "nginx on 127.0.0.1:$NGINX_PORT -> 127.0.0.1:$PORT_A, 127.0.0.1:$PORT_B"
}

redis-cli -u "$REDIS_BASE" ping >/dev/null 2>&1 || fail "no Redis at $REDIS_BASE"
prepare_database
start_gunicorn app_a "$PORT_A"
start_gunicorn app_b "$PORT_B"
start_nginx
run_load "http://127.0.0.1:$NGINX_PORT"
say "requests per app server (nginx access log):"
awk '{print "    " $1}' "$WORK/nginx/logs/access.log" | sort | uniq -c
[[ $(awk '{print $1}' "$WORK/nginx/logs/access.log" | sort -u | wc -l) -ge 2 ]] \
    || fail "nginx did not spread the load over both servers"
say "cross-server checks (sessions and rate limits in Redis, lockouts in PostgreSQL)"
"$PY" "$DRILLS_DIR/crossserver.py" "$DRILL_USERS" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" \
    || fail "state does not hold across servers"
say "PASS: load through nginx with zero errors; session, lockout and rate limit hold across A and B"
