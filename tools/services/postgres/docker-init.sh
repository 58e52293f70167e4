#!/bin/sh
# Run once by the postgres image when its volume is new (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d): the same role, database owner and rules as the local server that
# tools/services/lib/postgres.mjs runs, so the app's writer is no superuser here either.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE ROLE movie_analytics LOGIN CREATEROLE;
ALTER DATABASE movie_analytics OWNER TO movie_analytics;
SQL

# Replaces the image's `host all all all trust` (POSTGRES_HOST_AUTH_METHOD=trust, which only lets it
# start without a superuser password). The writer is trusted from the compose network and the host's
# 127.0.0.1 (the only address the port is published on); every other role needs its password.
cat >"$PGDATA/pg_hba.conf" <<'HBA'
# TYPE  DATABASE         USER             ADDRESS   METHOD
local   all              all                        trust
host    movie_analytics  movie_analytics  all       trust
host    all              all              all       scram-sha-256
HBA
