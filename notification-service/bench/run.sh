#!/usr/bin/env bash
# notification-service benchmarks on the real embedded PostgreSQL and Kafka broker and a GreenMail SMTP server:
# fan-out of one PrdApproved to many watchers (rows and open SSE streams), the inbox SQL (first page, unread count)
# for a user with many notifications, emails/s through the delivery runner, and concurrent SSE streams in steps.
# Prints the results; also written to notification-service/target/benchmark.txt. See bench/README.md.
# Knobs: WATCHERS (1000), FANOUT_STREAMS (200), INBOX_ROWS (100000), EMAILS (500),
#        STREAM_STEPS (250,500,1000,2000,4000; stops at the first failing step).
set -euo pipefail
cd "$(dirname "$0")/../.."
# -am builds shared-schema and test-infra from this checkout (nothing is installed into ~/.m2)
./mvnw -B -ntp -pl notification-service -am verify -Dbench.excluded=none -Dgroups=benchmark \
  -Dtest='NotificationBenchmarkTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.watchers="${WATCHERS:-1000}" -Dbench.fanout.streams="${FANOUT_STREAMS:-200}" \
  -Dbench.inbox.rows="${INBOX_ROWS:-100000}" -Dbench.emails="${EMAILS:-500}" \
  -Dbench.stream.steps="${STREAM_STEPS:-250,500,1000,2000,4000}" \
  | grep -A40 "notification benchmark" || true
cat notification-service/target/benchmark.txt
