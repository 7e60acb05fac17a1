#!/usr/bin/env bash
# integration-service benchmarks on the real embedded PostgreSQL and Kafka broker, prd-service as a process, the test
# stand-in as webhook receiver and a JGit daemon on 127.0.0.1 as git remote: webhook deliveries/s through the
# dispatcher, PrdVersionCreated -> PrdVersionCommitted lag, and the lag of 99 webhooks with and without a 100th
# that never answers. Prints the results; also written to integration-service/target/benchmark.txt. See bench/README.md.
# Knobs: DELIVERIES (2000), HOOKS (20), SINGLE_TARGET (200), GIT_PRDS (5), GIT_VERSIONS (50), GIT_EVERY_MS (200),
#        FANOUT_HOOKS (100), FANOUT_EVENTS (30), FANOUT_EVERY_MS (1000), BACKLOG (40).
set -euo pipefail
cd "$(dirname "$0")/../.."
# -am builds shared-schema, test-infra and prd-service (packaged: the tests run it as a process) from this checkout;
# nothing is installed into ~/.m2; the -Dtest filter skips prd-service's own tests
./mvnw -B -ntp -pl prd-service,integration-service -am verify -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest='IntegrationBenchmarkTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.deliveries="${DELIVERIES:-2000}" -Dbench.hooks="${HOOKS:-20}" \
  -Dbench.single.deliveries="${SINGLE_TARGET:-200}" -Dbench.git.prds="${GIT_PRDS:-5}" \
  -Dbench.git.versions="${GIT_VERSIONS:-50}" -Dbench.git.every-ms="${GIT_EVERY_MS:-200}" \
  -Dbench.fanout.hooks="${FANOUT_HOOKS:-100}" -Dbench.fanout.events="${FANOUT_EVENTS:-30}" \
  -Dbench.fanout.every-ms="${FANOUT_EVERY_MS:-1000}" -Dbench.backlog="${BACKLOG:-40}" \
  | grep -A40 "integration benchmark" || true
cat integration-service/target/benchmark.txt
