#!/usr/bin/env bash
# Start a throw-away PostgreSQL + PostGIS cluster for the tests (sourced by .ci/run).
#
# Installs postgresql-15-postgis-3 from the Debian packages when missing, runs initdb as the
# unprivileged user "postgres" (or the current user when not root) in a temporary directory,
# listens on a free localhost port only, creates database "petarencana_uji" with the postgis
# extension and exports PETARENCANA_UJI_PG. Call pg_uji_henti (registered by the caller's
# trap) to stop the cluster and remove its directory.
PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -f /usr/share/postgresql/15/extension/postgis.control ] || ! command -v ogrinfo >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15-postgis-3 gdal-bin >/dev/null
  else
    echo "PostGIS untuk PostgreSQL 15 tidak terpasang (apt-get install postgresql-15-postgis-3)" >&2
    return 1
  fi
fi
PG_DIR=$(mktemp -d /tmp/pg-uji-XXXXXX)
PG_USER=$(id -un)
if [ "$(id -u)" = 0 ]; then
  PG_USER=postgres
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown "$PG_USER" "$PG_DIR"
fi
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }
_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U uji --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null
_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U uji petarencana_uji
_pg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U uji -d petarencana_uji -c "CREATE EXTENSION postgis" >/dev/null
export PETARENCANA_UJI_PG="postgresql://uji@127.0.0.1:$PG_PORT/petarencana_uji"
pg_uji_henti() {
  _pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
echo "PostgreSQL uji: $PETARENCANA_UJI_PG"
