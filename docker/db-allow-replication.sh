#!/bin/sh
# Run by the official postgres image when it initialises an empty volume
# (/docker-entrypoint-initdb.d): lets the replica of the `replica` compose profile stream from
# this primary over the compose network, with the same password as every other connection.
# A volume initialised before this script existed: run it once by hand and reload, see README.

hba="${PGDATA:-/var/lib/postgresql/data}/pg_hba.conf"
grep -q "^host replication all all" "$hba" || echo "host replication all all scram-sha-256" >>"$hba"
