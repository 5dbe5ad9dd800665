#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder of the checkout, for development and tests.
#   scripts/pg.sh start DIR PORT [DATABASE] [--fast]   init (once) and start; create DATABASE if missing
#   scripts/pg.sh stop DIR                             stop (fast shutdown) if running
#   scripts/pg.sh status DIR                           exit 0 when running
# PostgreSQL refuses to run as root: as root the cluster runs as the 'postgres' user.
# --fast turns off durability (fsync) for throwaway test clusters.
set -euo pipefail

die() { echo "pg.sh: $*" >&2; exit 1; }

find_bin() {
    local v
    for v in 15 16 17 14; do
        if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return 0; fi
    return 1
}

PGBIN=$(find_bin || true)
if [ -z "$PGBIN" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL server binaries not found; install postgresql-15 (Debian: apt-get install postgresql-15)"
    echo "pg.sh: installing PostgreSQL 15 (apt-get)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2
    PGBIN=$(find_bin) || die "PostgreSQL installation failed"
fi

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; dir=${2:-}
# `pg.sh bindir`: where the server tools are (pg_dump for the personal-data test).
if [ "$cmd" = bindir ]; then echo "$PGBIN"; exit 0; fi
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: pg.sh start|stop|status DIR [PORT] [DATABASE] [--fast]"
mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")

running() { [ -f "$dir/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; }

case "$cmd" in
status)
    running
    ;;
stop)
    if running; then as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
    ;;
start)
    port=${3:?port required}; db=${4:-}; fast=${5:-}
    [ "$db" = "--fast" ] && { fast=--fast; db=""; }
    if [ ! -f "$dir/PG_VERSION" ]; then
        if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
            # The checkout is not reachable by the postgres user (e.g. under /root): keep the data in /var/tmp
            # and leave a link in the checkout.
            real="/var/tmp/receptionist-pg-$(echo "$dir" | sha1sum | cut -c1-12)"
            rm -rf "$real" "$dir"; mkdir -p "$real"; ln -s "$real" "$dir"
        fi
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown -R postgres: "$(readlink -f "$dir")"
        chmod 700 "$(readlink -f "$dir")"
        as_pg "$PGBIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || as_pg "$PGBIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C >/dev/null
        {
            echo "listen_addresses = '127.0.0.1'"
            echo "unix_socket_directories = '$(readlink -f "$dir")'"
            echo "max_connections = 200"
            echo "timezone = 'UTC'"
            if [ "$fast" = "--fast" ]; then
                echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
            fi
        } | as_pg tee -a "$dir/postgresql.conf" >/dev/null
    fi
    if ! running; then
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "port $port is already in use by another program; stop it or pick another port"
        fi
        # A test run opens a pool per test, a hundred tests at once: the default 200 connections ran out on a
        # loaded CI machine (pools waited, pg_dump was refused), so test clusters get room for the whole run.
        options="-p $port"
        [ "$fast" = "--fast" ] && options="$options -c max_connections=600"
        as_pg "$PGBIN/pg_ctl" -D "$dir" -o "$options" -l "$dir/server.log" -w -t 60 start >/dev/null \
            || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start (log: $dir/server.log)"; }
    fi
    if [ -n "$db" ]; then
        exists=$("$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")
        [ "$exists" = 1 ] || "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
    fi
    ;;
*)
    die "unknown command '$cmd'"
    ;;
esac
