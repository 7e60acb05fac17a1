#!/usr/bin/env bash
# Outbox -> Kafka -> audit-service benchmark on the real embedded PostgreSQL and Kafka broker.
# Prints events/s (drain of a backlog) and end-to-end lag p50/p99 at a fixed offered rate; also written to
# audit-service/target/benchmark.txt. Knobs: BACKLOG (20000), RATE (1000 events/s), BENCH_SECONDS (20).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl shared-schema install -DskipTests
./mvnw -B -pl audit-service verify -Dbench.excluded= -Dgroups=benchmark \
  -Dbench.backlog="${BACKLOG:-20000}" -Dbench.rate="${RATE:-1000}" -Dbench.seconds="${BENCH_SECONDS:-20}" \
  | grep -A4 "pipeline benchmark" || true
cat audit-service/target/benchmark.txt
