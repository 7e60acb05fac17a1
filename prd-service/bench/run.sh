#!/usr/bin/env bash
# prd-service benchmarks, reproducible on one machine without Docker:
#   1. search latency (p50/p95/p99) over N generated PRDs of realistic length, through the REST API;
#   2. GET /api/v1/prds/{id} requests/s with wrk, next to pgbench select-only TPS on the same PostgreSQL
#      (the ratio is the figure: how much of the database's raw read capacity the service delivers).
# Search runs once per engine in ENGINES (default "lucene postgres"); the lucene index is rebuilt from the table
# (bootstrap, timed) after seeding, since seed.sql writes rows without events.
#
# usage: prd-service/bench/run.sh            (from the repository root; N=100000 by default)
#   env: N (PRDs), VOCAB_TAIL (distinct rare words, 20000), SKIP_GET=1 (search only), DURATION (wrk/pgbench seconds, 30), CONNECTIONS (wrk, 32), PGBENCH_CLIENTS (32),
#        SKIP_BUILD=1 (reuse prd-service/target/quarkus-app), PG_BIN (PostgreSQL bin dir), ENGINES ("lucene postgres"),
#        CLIENTS (concurrent search clients of the second lucene run, 8; 1 skips it),
#        BENCH_DIR (default prd-service/target/bench), KAFKA_PORT (59092),
#        RELEVANCE (1: plant the judged documents of relevance-set.json and score each engine; 0 skips it)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/prd-service/bench
N=${N:-100000}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-32}
BENCH_DIR=${BENCH_DIR:-$ROOT/prd-service/target/bench}
ENGINES=${ENGINES:-lucene postgres}
KAFKA_PORT=${KAFKA_PORT:-59092}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18081}
BASE=http://localhost:$APP_PORT
mkdir -p "$BENCH_DIR"

# what the run needs, checked before anything starts
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found: install the Debian package postgresql" \
  "(apt-get install postgresql) or set PG_BIN to a directory with initdb, pg_ctl, psql and pgbench" >&2; exit 1; }
if [ "${SKIP_GET:-}" != 1 ] && ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing wrk (apt-get install wrk)"
    apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is needed for the GET benchmark: install it (Debian/Ubuntu: sudo apt-get install wrk;" \
      "macOS: brew install wrk), or run with SKIP_GET=1 for search latency only" >&2
    exit 1
  fi
fi

as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi; }
psql_() { "$PG_BIN/psql" -X -q -h localhost -p "$PG_PORT" -U postgres -d prdtool "$@"; }

stop_app() {
  if [ -n "${APP_PID:-}" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  APP_PID=
}
cleanup() {
  stop_app
  [ -n "${KAFKA_PID:-}" ] && kill "$KAFKA_PID" 2>/dev/null || true
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

echo "== Kafka on port $KAFKA_PORT (test-infra's broker, no Docker)"
./mvnw -B -q -pl deploy/test-infra dependency:build-classpath -Dmdep.outputFile="$BENCH_DIR/test-infra.cp" >/dev/null
rm -rf "$BENCH_DIR/kafka" && mkdir -p "$BENCH_DIR/kafka"
java -cp "deploy/test-infra/target/classes:$(cat "$BENCH_DIR/test-infra.cp")" "$HERE/KafkaForBench.java" \
  "$BENCH_DIR/kafka" "$KAFKA_PORT" "$((KAFKA_PORT + 1))" >"$BENCH_DIR/kafka.log" 2>&1 &
KAFKA_PID=$!
for i in $(seq 1 300); do grep -q "kafka ready" "$BENCH_DIR/kafka.log" && break; sleep 1; done
grep -q "kafka ready" "$BENCH_DIR/kafka.log" || { echo "Kafka did not start:" >&2
  tail -30 "$BENCH_DIR/kafka.log" "$BENCH_DIR/kafka/broker.log" >&2; exit 1; }

# start_app ENGINE: the packaged service with that search engine, its lucene index in $BENCH_DIR/index
start_app() {
  echo "== prd-service on port $APP_PORT (search engine $1)"
  PORT=$APP_PORT PRDTOOL_DB_HOST=localhost PRDTOOL_DB_PORT=$PG_PORT PRDTOOL_DB_NAME=prdtool \
  PRDTOOL_DB_USER=postgres PRDTOOL_DB_PASSWORD=unused PRDTOOL_DB_POOL_SIZE=${POOL_SIZE:-20} \
  PRDTOOL_JWT_PUBLIC_KEY_LOCATION=file:$BENCH_DIR/public.pem PRDTOOL_JWT_ISSUER=https://auth.prdtool.bench \
  PRDTOOL_KAFKA_BOOTSTRAP=localhost:$KAFKA_PORT PRDTOOL_LOG_JSON=false QUARKUS_LOG_LEVEL=WARN \
  PRDTOOL_SEARCH_ENGINE=$1 PRDTOOL_SEARCH_INDEX_DIR=$BENCH_DIR/index \
    java -Xmx512m -Dprdtool.outbox.relay.enabled=false -Dquarkus.log.category.\"io.prdtool.prd.search\".level=INFO \
    -Dmp.messaging.incoming.collab-events.enabled=false -Dmp.messaging.incoming.integration-events.enabled=false \
    -jar prd-service/target/quarkus-app/quarkus-run.jar >>"$BENCH_DIR/app.log" 2>&1 &
  APP_PID=$!
  for i in $(seq 1 120); do curl -sf "$BASE/q/health/live" >/dev/null && break; sleep 1; done
  curl -sf "$BASE/q/health/live" >/dev/null || { tail -50 "$BENCH_DIR/app.log"; exit 1; }
}
serving_from() {
  curl -s "$BASE/q/health/ready" | python3 -c 'import json,sys
print(next((c.get("data", {}).get("servingFrom", "") for c in json.load(sys.stdin)["checks"] if c["name"] == "search"), ""))'
}

: >"$BENCH_DIR/app.log"
start_app "${ENGINES%% *}"

echo "== tenant through the API"
auth=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
ORG=$(curl -sf "${auth[@]}" -d '{"name":"Bench Corp","slug":"bench-corp"}' "$BASE/api/v1/orgs" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
PROJECT=$(curl -sf "${auth[@]}" -d '{"name":"Everything"}' "$BASE/api/v1/orgs/$ORG/projects" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
AUTHOR=$(curl -sf "${auth[@]}" "$BASE/api/v1/users/me" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')

echo "== $N PRDs"
start=$(date +%s)
psql_ -v n="$N" -v vocab_tail="${VOCAB_TAIL:-20000}" -v org="$ORG" -v project="$PROJECT" -v author="$AUTHOR" -f "$HERE/seed.sql"
echo "generated in $(( $(date +%s) - start )) s"
if [ "${RELEVANCE:-1}" = 1 ]; then
  echo "== planting the judged documents of relevance-set.json"
  python3 "$HERE/relevance.py" sql "$HERE/relevance-set.json" \
    | psql_ -v org="$ORG" -v project="$PROJECT" -v author="$AUTHOR"
fi
psql_ -c "VACUUM ANALYZE prd.prds"
psql_ -At -c "SELECT pg_size_pretty(pg_total_relation_size('prd.prds')), pg_size_pretty(pg_relation_size('prd.prds_search_idx'))" | sed 's/^/table+toast+indexes | search index: /'

echo "# prd-service benchmark ($(date -u +%FT%TZ), $(nproc) cores, N=$N, vocabulary tail ${VOCAB_TAIL:-20000} words)" \
  | tee "$BENCH_DIR/results.md"
for engine in $ENGINES; do
  stop_app
  rm -rf "$BENCH_DIR/index"   # seed.sql wrote rows without events: the lucene index is rebuilt from the table
  start=$(date +%s.%N)
  start_app "$engine"
  for i in $(seq 1 600); do [ "$(serving_from)" = "$engine" ] && break; sleep 0.5; done
  [ "$(serving_from)" = "$engine" ] || { echo "the $engine engine never became ready" >&2; tail -50 "$BENCH_DIR/app.log"; exit 1; }
  {
    echo
    echo "## Search latency, engine $engine (REST, one sequential client, limit 20)"
    echo
    [ "$engine" = lucene ] && echo "ready (JVM start + bootstrap of $N PRDs from the table) after" \
      "$(python3 -c "import time;print(f'{time.time() - $start:.1f}')") s; index $(du -sh "$BENCH_DIR/index" | cut -f1)" && echo
    python3 "$HERE/search-latency.py" "$BASE" "$ORG" "$TOKEN" "${ROUNDS:-20}"
    if [ "$engine" = lucene ] && [ "${CLIENTS:-8}" -gt 1 ]; then
      echo
      echo "### engine $engine, ${CLIENTS:-8} concurrent clients"
      echo
      python3 "$HERE/search-latency.py" "$BASE" "$ORG" "$TOKEN" "${ROUNDS:-20}" "${CLIENTS:-8}"
    fi
    if [ "${RELEVANCE:-1}" = 1 ]; then
      echo
      echo "### Relevance, engine $engine"
      echo
      python3 "$HERE/relevance.py" score "$HERE/relevance-set.json" "$BASE" "$ORG" "$TOKEN" "$engine" \
        "$BENCH_DIR/relevance-$engine.json"
    fi
  } | tee -a "$BENCH_DIR/results.md"
done

if [ "${RELEVANCE:-1}" = 1 ]; then
  { echo; echo "## Relevance (nDCG@10 / MRR@10 over relevance-set.json)"; echo
    python3 "$HERE/relevance.py" compare $(for e in $ENGINES; do echo "$BENCH_DIR/relevance-$e.json"; done)
  } | tee -a "$BENCH_DIR/results.md"
fi

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
