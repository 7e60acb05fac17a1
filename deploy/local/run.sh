#!/usr/bin/env bash
# The one command that starts the whole suite on this machine: builds what it needs (first run: a few minutes),
# starts PostgreSQL, Kafka and the six services, seeds demo data and prints URLs and tokens.
#   deploy/local/run.sh             build if needed, start, keep data in .prdtool-data/
#   deploy/local/run.sh --fresh     start from an empty data directory
#   deploy/local/run.sh --no-build  start what is already built
# Ctrl-C stops every process it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

build=1
for arg in "$@"; do
  [[ "$arg" == "--no-build" ]] && build=0
done

if [[ $build == 1 ]]; then
  echo "[local-stack] building the services (./mvnw package -DskipTests)..."
  ./mvnw -B -q -DskipTests package \
    -pl shared-schema,deploy/test-infra,prd-service,collab-service/yjs-engine,collab-service,ai-service,integration-service,notification-service,audit-service,deploy/local \
    || { echo "[local-stack] FAILED: the build failed (run ./mvnw -DskipTests package to see why)" >&2; exit 1; }
fi

cp_file="deploy/local/target/classpath.txt"
[[ -f "$cp_file" ]] || { echo "[local-stack] FAILED: $cp_file is missing; run without --no-build" >&2; exit 1; }
exec java -Dprdtool.repo="$root" -cp "deploy/local/target/classes:$(cat "$cp_file")" \
  io.prdtool.localstack.LocalStack "$@"
