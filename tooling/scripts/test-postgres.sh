#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, the same one CI uses.
#
#   eval "$(bash tooling/scripts/test-postgres.sh start)"   # prints export lines: DATABASE_URL, PREFLIGHT_PG_DIR
#   bash tooling/scripts/test-postgres.sh stop "$PREFLIGHT_PG_DIR"
#
# The cluster lives in a temp dir on a free loopback port, with durability switched off (it is
# thrown away). initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/$name" ]; then
    echo "$(pg_config --bindir)/$name"; return
  fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "test-postgres: cannot find $name (install PostgreSQL 15+ or put its bin folder on PATH)" >&2
  exit 1
}

as_server_user() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local initdb pg_ctl dir port
  initdb=$(find_bin initdb)
  pg_ctl=$(find_bin pg_ctl)
  dir=$(mktemp -d /tmp/preflight-pg.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi
  port=$(free_port)
  as_server_user "$initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server_user "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export PREFLIGHT_PG_DIR=$dir"
}

stop() {
  local dir=${1:-${PREFLIGHT_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "test-postgres: nothing to stop" >&2; return 0; }
  as_server_user "$(find_bin pg_ctl)" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac
