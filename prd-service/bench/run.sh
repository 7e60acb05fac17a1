#!/usr/bin/env bash
# prd-service benchmarks, reproducible on one machine without Docker:
#   1. search latency (p50/p95/p99) over N generated PRDs of realistic length, through the REST API;
#   2. GET /api/v1/prds/{id} requests/s with wrk, next to pgbench select-only TPS on the same PostgreSQL
#      (the ratio is the figure: how much of the database's raw read capacity the service delivers).
#
# usage: prd-service/bench/run.sh            (from the repository root; N=100000 by default)
#   env: N (PRDs), VOCAB_TAIL (distinct rare words, 20000), SKIP_GET=1 (search only), DURATION (wrk/pgbench seconds, 30), CONNECTIONS (wrk, 32), PGBENCH_CLIENTS (32),
#        SKIP_BUILD=1 (reuse prd-service/target/quarkus-app), PG_BIN (PostgreSQL bin dir), BENCH_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/prd-service/bench
N=${N:-100000}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-32}
BENCH_DIR=${BENCH_DIR:-/tmp/prdtool-bench}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18081}
BASE=http://localhost:$APP_PORT
mkdir -p "$BENCH_DIR"

as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi; }
psql_() { "$PG_BIN/psql" -X -q -h localhost -p "$PG_PORT" -U postgres -d prdtool "$@"; }

cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== PostgreSQL ($PG_BIN) on port $PG_PORT"
rm -rf "$BENCH_DIR/pg" && mkdir -p "$BENCH_DIR/pg"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$BENCH_DIR/pg"
as_pg "$PG_BIN/initdb" -D "$BENCH_DIR/pg" -U postgres -A trust >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -l "$BENCH_DIR/pg/log" -w start -o \
  "-p $PG_PORT -c unix_socket_directories=$BENCH_DIR/pg -c shared_buffers=512MB -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
"$PG_BIN/psql" -X -q -h localhost -p "$PG_PORT" -U postgres -c "CREATE DATABASE prdtool" postgres

echo "== JWT keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$BENCH_DIR/private.pem" 2>/dev/null
openssl pkey -in "$BENCH_DIR/private.pem" -pubout -out "$BENCH_DIR/public.pem"
TOKEN=$(python3 "$HERE/token.py" "$BENCH_DIR/private.pem" bench-owner bench@example.com "Bench Owner")

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "== build"
  ./mvnw -B -q -pl prd-service -am package -DskipTests
fi

echo "== prd-service on port $APP_PORT"
PORT=$APP_PORT PRDTOOL_DB_HOST=localhost PRDTOOL_DB_PORT=$PG_PORT PRDTOOL_DB_NAME=prdtool \
PRDTOOL_DB_USER=postgres PRDTOOL_DB_PASSWORD=unused PRDTOOL_DB_POOL_SIZE=${POOL_SIZE:-20} \
PRDTOOL_JWT_PUBLIC_KEY_LOCATION=file:$BENCH_DIR/public.pem PRDTOOL_JWT_ISSUER=https://auth.prdtool.bench \
PRDTOOL_KAFKA_BOOTSTRAP=localhost:1 PRDTOOL_LOG_JSON=false QUARKUS_LOG_LEVEL=WARN \
  java -Xmx512m -Dprdtool.outbox.relay.enabled=false \
  -Dmp.messaging.incoming.collab-events.enabled=false -Dmp.messaging.incoming.integration-events.enabled=false \
  -jar prd-service/target/quarkus-app/quarkus-run.jar >"$BENCH_DIR/app.log" 2>&1 &
APP_PID=$!
for i in $(seq 1 120); do curl -sf "$BASE/q/health/live" >/dev/null && break; sleep 1; done
curl -sf "$BASE/q/health/live" >/dev/null || { tail -50 "$BENCH_DIR/app.log"; exit 1; }

echo "== tenant through the API"
auth=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
ORG=$(curl -sf "${auth[@]}" -d '{"name":"Bench Corp","slug":"bench-corp"}' "$BASE/api/v1/orgs" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
PROJECT=$(curl -sf "${auth[@]}" -d '{"name":"Everything"}' "$BASE/api/v1/orgs/$ORG/projects" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
AUTHOR=$(curl -sf "${auth[@]}" "$BASE/api/v1/users/me" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')

echo "== $N PRDs"
start=$(date +%s)
psql_ -v n="$N" -v vocab_tail="${VOCAB_TAIL:-20000}" -v org="$ORG" -v project="$PROJECT" -v author="$AUTHOR" -f "$HERE/seed.sql"
echo "generated in $(( $(date +%s) - start )) s"
psql_ -c "VACUUM ANALYZE prd.prds"
psql_ -At -c "SELECT pg_size_pretty(pg_total_relation_size('prd.prds')), pg_size_pretty(pg_relation_size('prd.prds_search_idx'))" | sed 's/^/table+toast+indexes | search index: /'

{
  echo "# prd-service benchmark ($(date -u +%FT%TZ), $(nproc) cores, N=$N, vocabulary tail ${VOCAB_TAIL:-20000} words)"
  echo
  echo "## Search latency (REST, one sequential client, limit 20)"
  echo
  python3 "$HERE/search-latency.py" "$BASE" "$ORG" "$TOKEN" "${ROUNDS:-20}"
} | tee "$BENCH_DIR/results.md"

if [ "${SKIP_GET:-}" = 1 ]; then echo "results: $BENCH_DIR/results.md"; exit 0; fi
echo "== GET /api/v1/prds/{id}: wrk vs pgbench -S"
psql_ -At -c "SELECT id FROM prd.prds ORDER BY random() LIMIT 2000" > "$BENCH_DIR/ids.txt"
"$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -i -s 10 -q prdtool >/dev/null 2>&1
export TOKEN IDS=$BENCH_DIR/ids.txt
wrk -t2 -c"$CONNECTIONS" -d5s -s "$HERE/get-prd.lua" "$BASE" >/dev/null   # warm-up (JIT, pools, caches)
WRK=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$HERE/get-prd.lua" "$BASE" | tail -1)
PGB=$("$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -S -M prepared -c "$PGBENCH_CLIENTS" -j 2 \
  -T "$DURATION" prdtool 2>/dev/null | grep -E "^tps" | head -1)
RPS=$(echo "$WRK" | sed -E 's/requests\/s: ([0-9.]+).*/\1/')
TPS=$(echo "$PGB" | sed -E 's/tps = ([0-9.]+).*/\1/')
{
  echo
  echo "## GET /api/v1/prds/{id} vs pgbench select-only (same PostgreSQL, same machine, ${DURATION}s each)"
  echo
  echo "- wrk -t2 -c$CONNECTIONS: $WRK"
  echo "- pgbench -S -M prepared -c$PGBENCH_CLIENTS -j2: $PGB"
  echo "- ratio service/pgbench: $(python3 -c "print(f'{$RPS/$TPS:.3f}')")"
} | tee -a "$BENCH_DIR/results.md"
echo "results: $BENCH_DIR/results.md"
if [ "${HOLD:-}" = 1 ]; then echo "holding (service $BASE, token in $BENCH_DIR/token); kill $$ to stop"; echo "$TOKEN" > "$BENCH_DIR/token"; wait "$APP_PID"; fi
