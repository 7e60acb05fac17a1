#!/usr/bin/env bash
# Smoke test of the one-command local stack, as a newcomer would use it: start it, read the demo PRD back through
# the API with a printed token, check that a viewer cannot write, stop it with Ctrl-C (SIGINT) and check that every
# process it started is gone. Then start it again on the same data and read the same PRD.
#   deploy/local/smoke.sh [--no-build]
set -euo pipefail
# job control on, so the stack runs as its own job and receives SIGINT like an interactive Ctrl-C
set -m
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="$(mktemp -d /tmp/prdtool-smoke-XXXXXX)"
out="$data/stack.out"
build_flag="${1:-}"
pass=0 fail=0
check() { # name, condition command...
  local name="$1"; shift
  if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi
}

start_stack() {
  deploy/local/run.sh $build_flag --data-dir "$data/stack" --postgres-port 25432 --kafka-port 29092 \
    >"$out" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 400); do
    grep -q "Local stack up" "$out" && return 0
    kill -0 "$stack_pid" 2>/dev/null || { cat "$out"; return 1; }
    sleep 1
  done
  cat "$out"; return 1
}

stop_stack() {
  kill -INT "$stack_pid"
  for _ in $(seq 1 90); do kill -0 "$stack_pid" 2>/dev/null || return 0; sleep 1; done
  return 1
}

no_listeners() { # the six services, PostgreSQL, Kafka (+ controller), the dev token issuer, mail and webhook sinks, git
  ! ss -ltnH | awk '{print $4}' | grep -qE ':(808[1-6]|25432|2909[23]|809[01]|2525|9418)$'
}

wait_for() { # seconds, command: true once the command succeeds within the time
  local seconds="$1"; shift
  for _ in $(seq 1 "$seconds"); do
    bash -c "$1" && return 0
    sleep 1
  done
  return 1
}

started=$(date +%s)
start_stack
echo "stack started in $(( $(date +%s) - started )) s (including build: ${build_flag:-yes})"
build_flag="--no-build"
token_alice=$(sed -n "s/^  export TOKEN_ALICE='\(.*\)'$/\1/p" "$out")
token_carol=$(sed -n "s/^  export TOKEN_CAROL='\(.*\)'$/\1/p" "$out")
token_bob=$(sed -n "s/^  export TOKEN_BOB='\(.*\)'$/\1/p" "$out")
prd_id=$(sed -n 's/.*, PRD \([0-9a-f-]*\)$/\1/p' "$out")
org_id=$(sed -n "s/^Demo data: organization 'acme' (\([0-9a-f-]*\)).*/\1/p" "$out")

# resident memory of every part, right after start (what the README reports)
for part in 8081:prd-service 8082:collab-service 8083:ai-service 8084:integration-service \
            8085:notification-service 8086:audit-service 29092:kafka 25432:postgres; do
  pid=$(ss -ltnpH "sport = :${part%%:*}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] && echo "rss ${part#*:}: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
done

for port in 8081 8082 8083 8084 8085 8086; do
  check "service on :$port is ready" \
    bash -c "curl -sf http://localhost:$port/q/health/ready | grep -q '\"status\": *\"UP\"'"
done
check "the demo PRD reads back with alice's printed token" \
  bash -c "curl -sf -H 'Authorization: Bearer $token_alice' http://localhost:8081/api/v1/prds/$prd_id | grep -q 'One-click checkout'"
check "the viewer carol sees it in search" \
  bash -c "curl -sf -H 'Authorization: Bearer $token_carol' 'http://localhost:8081/api/v1/orgs/$org_id/search?q=checkout' | grep -q '$prd_id'"
check "the viewer carol cannot change it (403 problem details)" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Authorization: Bearer $token_carol' -H 'Content-Type: application/json' -d '{\"title\":\"x\"}' http://localhost:8081/api/v1/prds/$prd_id)\" = 403 ]"
check "ai-service says no AI provider is configured (and keys can be stored)" \
  bash -c "curl -sf -H 'Authorization: Bearer $token_carol' http://localhost:8083/api/v1/orgs/$org_id/ai/config | grep -q '\"configured\":false.*\"canStoreApiKeys\":true'"
check "the offline AI review works without a provider" \
  bash -c "curl -sf -X POST -H 'Authorization: Bearer $token_alice' http://localhost:8083/api/v1/prds/$prd_id/ai/review | grep -q '\"source\":\"rubric\"'"
check "a generative AI action answers 503 without a provider" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $token_alice' -H 'Content-Type: application/json' -d '{}' http://localhost:8083/api/v1/prds/$prd_id/ai/actions/user_stories)\" = 503 ]"
# integrations: alice (owner) points a signed webhook of the demo organization at the stack's local receiver
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token_alice" -H 'Content-Type: application/json' \
  -d '{"type":"webhook","name":"Local receiver","settings":{"url":"http://localhost:8091/hooks/demo","events":["PrdStatusChanged"]}}' \
  "http://localhost:8084/api/v1/orgs/$org_id/integrations" || true
# notifications: alice names bob as the demo PRD's approver and submits it for review
bob_id=$(curl -sf -H "Authorization: Bearer $token_bob" http://localhost:8081/api/v1/users/me \
  | grep -o '"id":"[0-9a-f-]*"' | head -1 | cut -d'"' -f4)
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token_alice" -H 'Content-Type: application/json' \
  -d "{\"userIds\":[\"$bob_id\"]}" "http://localhost:8081/api/v1/prds/$prd_id/approvers" || true
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token_alice" -H 'Content-Type: application/json' \
  -d '{"status":"in_review"}' "http://localhost:8081/api/v1/prds/$prd_id/status" || true
check "bob gets an in-app notification when alice submits the PRD for his approval" \
  wait_for 60 "curl -sf -H 'Authorization: Bearer $token_bob' 'http://localhost:8085/api/v1/notifications?type=approval_requested' | grep -q '$prd_id'"
check "bob's approval-request email lands in the mail sink ($data/stack/mail)" \
  wait_for 60 "grep -lqs 'prd-$prd_id@' $data/stack/mail/*bob@acme.example.eml"
check "the status change reaches the demo's signed webhook ($data/stack/webhooks)" \
  wait_for 60 "grep -qs 'webhook-signature: v1,' $data/stack/webhooks/*.http && grep -qs 'PrdStatusChanged' $data/stack/webhooks/*.http"
# git: alice connects the local git server's demo repository and makes a new version of the demo PRD
demo_repo="$data/stack/git/demo.git"
check "the demo organization creates a git integration against the local git server" \
  bash -c "curl -sf -X POST -H 'Authorization: Bearer $token_alice' -H 'Content-Type: application/json' -d '{\"type\":\"git\",\"name\":\"Local repository\",\"settings\":{\"repoUrl\":\"git://localhost:9418/demo.git\"},\"secret\":\"local-git-needs-no-token\"}' http://localhost:8084/api/v1/orgs/$org_id/integrations | grep -q '\"type\":\"git\"'"
new_version=$(curl -sf -X POST -H "Authorization: Bearer $token_alice" -H 'Content-Type: application/json' \
  -d '{"bump":"minor","changelog":"Committed by the smoke test"}' "http://localhost:8081/api/v1/prds/$prd_id/versions" \
  | grep -o '"version":"[0-9.]*"' | head -1 | cut -d'"' -f4) || true
prd_slug=$(curl -sf -H "Authorization: Bearer $token_alice" "http://localhost:8081/api/v1/prds/$prd_id" \
  | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4) || true
check "the new version ($new_version) is committed as prds/$prd_slug.md in $demo_repo" \
  wait_for 90 "[ -n '$new_version' ] && git --git-dir='$demo_repo' log -1 --format=%B main 2>/dev/null | grep -q 'PRD-Version: $new_version' && git --git-dir='$demo_repo' show 'main:prds/$prd_slug.md' | grep -q 'One-click checkout'"
commit=$(git --git-dir="$demo_repo" rev-parse main 2>/dev/null) || true
check "prd-service records the commit hash on the version" \
  wait_for 60 "[ -n '$commit' ] && curl -sf -H 'Authorization: Bearer $token_alice' http://localhost:8081/api/v1/prds/$prd_id/versions/$new_version | grep -q '\"commitHash\":\"$commit\"'"
# the co-editing demo page in headless Chromium against this stack (skipped without Chromium, fails with CI=true)
check "the co-editing demo page works in headless Chromium (collab-service/demo/e2e.sh)" \
  env PRD_ID="$prd_id" TOKEN_ALICE="$token_alice" TOKEN_BOB="$token_bob" TOKEN_CAROL="$token_carol" \
  collab-service/demo/e2e.sh
check "no token answers 401" \
  bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8081/api/v1/prds/$prd_id)\" = 401 ]"
check "Ctrl-C stops the stack" stop_stack
check "nothing listens on the stack's ports any more" no_listeners

start_stack
token_alice=$(sed -n "s/^  export TOKEN_ALICE='\(.*\)'$/\1/p" "$out")
check "after a restart the same PRD is still there" \
  bash -c "curl -sf -H 'Authorization: Bearer $token_alice' http://localhost:8081/api/v1/prds/$prd_id | grep -q 'One-click checkout'"
check "Ctrl-C stops the restarted stack" stop_stack

rm -rf "$data"
echo "smoke: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
