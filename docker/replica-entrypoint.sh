#!/bin/sh
# The `replica` compose profile's PostgreSQL: a streaming standby of the `db` service.
# On an empty volume it copies the primary with pg_basebackup -R (which also writes the
# standby.signal and primary_conninfo that keep it streaming), then it runs as a hot standby.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${PRIMARY_HOST:=db}"
: "${PRIMARY_PORT:=5432}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: copying the primary $PRIMARY_HOST:$PRIMARY_PORT into $PGDATA"
  until pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PGUSER" -D "$PGDATA" -R -X stream -c fast; do
    echo "replica: the primary is not ready for a base backup yet; retrying in 5 s"
    rm -rf "${PGDATA:?}"/*
    sleep 5
  done
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c listen_addresses='*'
