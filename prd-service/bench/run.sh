#!/usr/bin/env bash
# prd-service benchmarks, reproducible on one machine without Docker:
#   1. search latency (p50/p95/p99) over N generated PRDs of realistic length, through the REST API;
#   2. GET /api/v1/prds/{id} requests/s with wrk, next to pgbench select-only TPS and to a pgbench script running the
#      endpoint's own SQL (get-prd.pgbench.sql) on the same PostgreSQL (the ratios are the figure: how much of the
#      database's raw read capacity the service delivers), each with the CPU time per request (or transaction) of
#      prd-service and of PostgreSQL, and the statements one GET runs (pg_stat_statements, when available).
# Search runs once per engine in ENGINES (default "lucene postgres"; "lucene opensearch postgres" adds a real
# OpenSearch 2.19.6 node from deploy/opensearch-node, no Docker); the lucene and opensearch indexes are rebuilt from
# the table (bootstrap, timed) after seeding, since seed.sql writes rows without events.
#
# usage: prd-service/bench/run.sh            (from the repository root; N=100000 by default)
#   env: N (PRDs), VOCAB_TAIL (distinct rare words, 20000), SKIP_GET=1 (search only), DURATION (wrk/pgbench seconds, 30), CONNECTIONS (wrk, 32), PGBENCH_CLIENTS (32),
#        SKIP_BUILD=1 (reuse prd-service/target/quarkus-app), PG_BIN (PostgreSQL bin dir), ENGINES ("lucene postgres"),
#        CLIENTS (concurrent search clients of the second lucene run, 8; 1 skips it),
#        BENCH_DIR (default prd-service/target/bench), KAFKA_PORT (59092), OS_PORT (59200, opensearch engine),
#        RELEVANCE (1: plant the judged documents of relevance-set.json and score each engine; 0 skips it)
#        LAG_PROBES (writes whose indexing lag is measured per index engine, 50; 0 skips it),
#        WARMUP (seconds of wrk before the measured GET run, 60: C2 compiles the GET path for about that long on 2 cores),
#        PGBENCH_SCRIPT (the same-SQL pgbench script, default bench/get-prd.pgbench.sql),
#        APP_JAR (the service to measure, default prd-service/target/quarkus-app/quarkus-run.jar: e.g. an older build),
#        HOLD=1 (keep the service, PostgreSQL and Kafka running at the end, until the script is killed)
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
PGBENCH_SCRIPT=${PGBENCH_SCRIPT:-$HERE/get-prd.pgbench.sql}
APP_JAR=${APP_JAR:-prd-service/target/quarkus-app/quarkus-run.jar}
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
  [ -n "${OS_PID:-}" ] && kill "$OS_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== PostgreSQL ($PG_BIN) on port $PG_PORT"
rm -rf "$BENCH_DIR/pg" && mkdir -p "$BENCH_DIR/pg"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$BENCH_DIR/pg"
as_pg "$PG_BIN/initdb" -D "$BENCH_DIR/pg" -U postgres -A trust >/dev/null
# pg_stat_statements (PostgreSQL's contrib, in the server package on Debian) shows which statements a GET runs
PRELOAD=; [ -f "$PG_BIN/../lib/pg_stat_statements.so" ] && PRELOAD="-c shared_preload_libraries=pg_stat_statements"
as_pg "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -l "$BENCH_DIR/pg/log" -w start -o \
  "-p $PG_PORT -c unix_socket_directories=$BENCH_DIR/pg -c shared_buffers=512MB -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $PRELOAD" >/dev/null
"$PG_BIN/psql" -X -q -h localhost -p "$PG_PORT" -U postgres -c "CREATE DATABASE prdtool" postgres
[ -n "$PRELOAD" ] && psql_ -c "CREATE EXTENSION pg_stat_statements"

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

OS_PORT=${OS_PORT:-59200}
OS_URL=http://127.0.0.1:$OS_PORT
if [[ " $ENGINES " == *" opensearch "* ]]; then
  echo "== OpenSearch node on port $OS_PORT (deploy/opensearch-node: the 2.19.6 server jars, no Docker)"
  [ -d deploy/opensearch-node/target/node-lib ] || ./mvnw -B -q -pl deploy/opensearch-node package
  rm -rf "$BENCH_DIR/opensearch"
  java -Xms1g -Xmx1g -XX:+UseSerialGC \
    -cp "deploy/opensearch-node/target/classes:deploy/opensearch-node/target/node-lib/*" \
    io.prdtool.opensearchnode.OpenSearchNode "$BENCH_DIR/opensearch" "$OS_PORT" "$((OS_PORT + 100))" \
    >"$BENCH_DIR/opensearch.log" 2>&1 &
  OS_PID=$!
  for i in $(seq 1 120); do curl -sf "$OS_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null && break
    sleep 1; done
  curl -sf "$OS_URL/_cluster/health" >/dev/null || { echo "OpenSearch did not start:" >&2
    tail -30 "$BENCH_DIR/opensearch.log" >&2; exit 1; }
fi

# start_app ENGINE: the packaged service with that search engine, its lucene index in $BENCH_DIR/index
start_app() {
  echo "== prd-service on port $APP_PORT (search engine $1)"
  PORT=$APP_PORT PRDTOOL_DB_HOST=localhost PRDTOOL_DB_PORT=$PG_PORT PRDTOOL_DB_NAME=prdtool \
  PRDTOOL_DB_USER=postgres PRDTOOL_DB_PASSWORD=unused PRDTOOL_DB_POOL_SIZE=${POOL_SIZE:-20} \
  PRDTOOL_JWT_PUBLIC_KEY_LOCATION=file:$BENCH_DIR/public.pem PRDTOOL_JWT_ISSUER=https://auth.prdtool.bench \
  PRDTOOL_KAFKA_BOOTSTRAP=localhost:$KAFKA_PORT PRDTOOL_LOG_JSON=false QUARKUS_LOG_LEVEL=WARN \
  PRDTOOL_SEARCH_ENGINE=$1 PRDTOOL_SEARCH_INDEX_DIR=$BENCH_DIR/index \
  PRDTOOL_SEARCH_OPENSEARCH_URLS=$OS_URL PRDTOOL_SEARCH_OPENSEARCH_REPLICAS=0 \
    java -Xmx512m -Dprdtool.outbox.relay.enabled=${RELAY:-false} -Dquarkus.log.category.\"io.prdtool.prd.search\".level=INFO \
    -Dmp.messaging.incoming.collab-events.enabled=false -Dmp.messaging.incoming.integration-events.enabled=false \
    -jar "$APP_JAR" >>"$BENCH_DIR/app.log" 2>&1 &
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
  # seed.sql wrote rows without events: the lucene and opensearch indexes are rebuilt from the table
  rm -rf "$BENCH_DIR/index"
  [ -n "${OS_PID:-}" ] && curl -s -X DELETE "$OS_URL/prdtool-prds*" >/dev/null
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
    [ "$engine" = opensearch ] && echo "ready (JVM start + bootstrap of $N PRDs from the table) after" \
      "$(python3 -c "import time;print(f'{time.time() - $start:.1f}')") s; index" \
      "$(curl -s "$OS_URL/_cat/indices/prdtool-prds*?h=store.size")" && echo
    python3 "$HERE/search-latency.py" "$BASE" "$ORG" "$TOKEN" "${ROUNDS:-20}"
    if [ "$engine" != postgres ] && [ "${CLIENTS:-8}" -gt 1 ]; then
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
  if [ "$engine" != postgres ] && [ "${LAG_PROBES:-50}" -gt 0 ]; then
    # the indexing lag needs PRD events, which the runs above leave off (outbox relay) to keep them quiet
    stop_app
    RELAY=true start_app "$engine"
    for i in $(seq 1 600); do [ "$(serving_from)" = "$engine" ] && break; sleep 0.5; done
    READER=$(python3 "$HERE/token.py" "$BENCH_DIR/private.pem" bench-reader reader@example.com "Bench Reader")
    { echo; echo "### Indexing lag, engine $engine"; echo
      python3 "$HERE/index-lag.py" "$BASE" "$ORG" "$PROJECT" "$TOKEN" "$READER" "${LAG_PROBES:-50}"
    } | tee -a "$BENCH_DIR/results.md"
  fi
done

if [ "${RELEVANCE:-1}" = 1 ]; then
  { echo; echo "## Relevance (nDCG@10 / MRR@10 over relevance-set.json)"; echo
    python3 "$HERE/relevance.py" compare $(for e in $ENGINES; do echo "$BENCH_DIR/relevance-$e.json"; done)
  } | tee -a "$BENCH_DIR/results.md"
fi

# HOLD=1: keep the last service, PostgreSQL and Kafka running after the results (to profile or query by hand)
hold() {
  if [ "${HOLD:-}" = 1 ]; then echo "$TOKEN" > "$BENCH_DIR/token"; echo "$ORG" > "$BENCH_DIR/org"
    echo "holding (service $BASE, org in $BENCH_DIR/org, token in $BENCH_DIR/token); kill $$ to stop"; wait "$APP_PID"; fi
}
if [ "${SKIP_GET:-}" = 1 ]; then echo "results: $BENCH_DIR/results.md"; hold; exit 0; fi
echo "== GET /api/v1/prds/{id}: wrk vs pgbench -S vs the same SQL in pgbench"
psql_ -At -c "SELECT id FROM prd.prds ORDER BY random() LIMIT 2000" > "$BENCH_DIR/ids.txt"
psql_ -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS public.bench_ids" \
  -c "CREATE TABLE public.bench_ids (n int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid NOT NULL)" \
  -c "\\copy public.bench_ids (id) FROM '$BENCH_DIR/ids.txt'" -c "VACUUM ANALYZE public.bench_ids"
NIDS=$(wc -l < "$BENCH_DIR/ids.txt")
"$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -i -s 10 -q prdtool >/dev/null 2>&1
export TOKEN IDS=$BENCH_DIR/ids.txt
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-60}s" -s "$HERE/get-prd.lua" "$BASE" >/dev/null   # warm-up (JIT, pools, caches)

# CPU time (clock ticks) of prd-service, and of PostgreSQL: the postmaster with its exited children plus the
# backends alive now; sampled around each run, divided by the requests or transactions it served
TICK=$(getconf CLK_TCK)
app_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
pg_ticks() {
  local pm; pm=$(head -1 "$BENCH_DIR/pg/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{s += $1} END {print s}'
}
# cpu_per N: "service X µs, PostgreSQL Y µs" per request from the ticks counted since A0/P0
cpu_per() {
  python3 -c "import sys; n, a, p, t = map(float, sys.argv[1:]);
print(f'service {a / t / n * 1e6:.0f} µs, PostgreSQL {p / t / n * 1e6:.0f} µs')" \
    "$1" "$(( $(app_ticks) - A0 ))" "$(( $(pg_ticks) - P0 ))" "$TICK"
}

[ -n "$PRELOAD" ] && psql_ -At -c "SELECT pg_stat_statements_reset()" >/dev/null
A0=$(app_ticks); P0=$(pg_ticks)
WRK=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$HERE/get-prd.lua" "$BASE" | tail -1)
RPS=$(echo "$WRK" | sed -E 's/requests\/s: ([0-9.]+).*/\1/')
REQUESTS=$(echo "$WRK" | sed -E 's/.*requests: ([0-9]+).*/\1/')
WRK_CPU=$(cpu_per "$REQUESTS")
STATEMENTS=
if [ -n "$PRELOAD" ]; then
  STATEMENTS=$(psql_ -At -F ' | ' -c "SELECT round(calls::numeric / $REQUESTS, 2), round(mean_exec_time::numeric * 1000, 1),
      regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements WHERE calls >= $REQUESTS / 100
      AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 10")
fi

# pgbench_run ARGS...: one pgbench run; its "tps = …" line in PGB_TPS, the CPU per transaction in PGB_CPU
pgbench_run() {
  local pm; pm=$(head -1 "$BENCH_DIR/pg/postmaster.pid")
  local children; children=$(pgrep -c -P "$pm")
  A0=$(app_ticks); P0=$(pg_ticks)
  local out; out=$("$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -M prepared -c "$PGBENCH_CLIENTS" -j 2 \
    -T "$DURATION" "$@" prdtool 2>&1)
  # pgbench's backends count once the postmaster has reaped them (their CPU then moves into its children's time)
  for i in $(seq 1 50); do [ "$(pgrep -c -P "$pm")" -le "$children" ] && break; sleep 0.1; done
  PGB_CPU=$(cpu_per "$(echo "$out" | sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p')")
  PGB_TPS=$(echo "$out" | grep -E "^tps" | head -1)
}
pgbench_run -S; PGB=$PGB_TPS; PGB_CPU_S=$PGB_CPU
PGOPTIONS="-c search_path=prd" pgbench_run -n -f "$PGBENCH_SCRIPT" -D uid="$AUTHOR" -D nids="$NIDS"; PGBS=$PGB_TPS
TPS=$(echo "$PGB" | sed -E 's/tps = ([0-9.]+).*/\1/')
TPSS=$(echo "$PGBS" | sed -E 's/tps = ([0-9.]+).*/\1/')
{
  echo
  echo "## GET /api/v1/prds/{id} vs pgbench (same PostgreSQL, same machine, ${DURATION}s each)"
  echo
  echo "| run | throughput | CPU per request / transaction |"
  echo "| --- | --- | --- |"
  echo "| wrk -t2 -c$CONNECTIONS GET /api/v1/prds/{id} | $WRK | $WRK_CPU |"
  echo "| pgbench -S -M prepared -c$PGBENCH_CLIENTS -j2 | $PGB | $PGB_CPU_S |"
  echo "| pgbench -f $(basename "$PGBENCH_SCRIPT") -M prepared -c$PGBENCH_CLIENTS -j2 | $PGBS | $PGB_CPU |"
  echo
  echo "- ratio service/pgbench -S: $(python3 -c "print(f'{$RPS/$TPS:.3f}')") (goal ≥ 0.3)"
  echo "- ratio service/same SQL in pgbench: $(python3 -c "print(f'{$RPS/$TPSS:.3f}')") (goal ≥ 0.7)"
  if [ -n "$STATEMENTS" ]; then
    echo
    echo "Statements PostgreSQL ran during the wrk run (pg_stat_statements; calls per GET | mean µs | statement):"
    echo
    echo '```'
    echo "$STATEMENTS"
    echo '```'
  fi
} | tee -a "$BENCH_DIR/results.md"
echo "results: $BENCH_DIR/results.md"
hold
