#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 + pgvector cluster for the test suite's second engine and prints
# the TEST_DATABASE_URL to use. Installs Debian's packages when missing and builds pgvector from the
# copy kept in vendor/pgvector (the registry and apt are the only network these machines have).
#   usage: eval "$(bash scripts/ci/postgres.sh)"    # exports TEST_DATABASE_URL
# Env: PG_TEST_PORT (default the first free one from 54329), PG_TEST_DIR (default a fresh mktemp dir).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin=/usr/lib/postgresql/15/bin
port="${PG_TEST_PORT:-54329}"
if [ -z "${PG_TEST_PORT:-}" ]; then
  # Another run (or a developer's cluster) may hold the default port: take the next free one.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
fi

if [ ! -x "$bin/postgres" ] || [ ! -f /usr/include/postgresql/15/server/postgres.h ]; then
  echo "Installing PostgreSQL 15 and its server headers…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq postgresql-15 postgresql-server-dev-15 >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql-15 postgresql-server-dev-15 >/dev/null
  }
fi

# Build pgvector in a scratch copy so the vendored tree stays clean; skip when this version is in.
want="$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$root/vendor/pgvector/vector.control")"
if [ ! -f "/usr/share/postgresql/15/extension/vector--$want.sql" ] || [ ! -f /usr/lib/postgresql/15/lib/vector.so ]; then
  echo "Building pgvector $want from vendor/pgvector…" >&2
  build="$(mktemp -d)"
  cp -r "$root/vendor/pgvector/." "$build/"
  # OPTFLAGS="": no -march=native, so the build does not depend on this CPU's extensions.
  make -s -C "$build" PG_CONFIG="$bin/pg_config" OPTFLAGS="" >/dev/null 2>&1
  make -s -C "$build" PG_CONFIG="$bin/pg_config" install >/dev/null 2>&1
  rm -rf "$build"
fi

dir="${PG_TEST_DIR:-$(mktemp -d /tmp/switchboard-pg.XXXXXX)}"
mkdir -p "$dir"
# The server refuses to run as root: the cluster belongs to the postgres user (created by the package).
run_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  run_as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! run_as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  # Test-only settings: durability off (a crash loses a throwaway cluster), enough connections for
  # two test files at a time with their pools, pg-boss and the proxies.
  run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" >/dev/null
fi
echo "export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/postgres"
echo "export PG_TEST_DIR=$dir"
