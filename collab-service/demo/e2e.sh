#!/usr/bin/env bash
# Runs the co-editing demo page's end-to-end test (e2e.mjs) in headless Chromium against the running local stack.
#   PRD_ID=... TOKEN_ALICE=... TOKEN_BOB=... TOKEN_CAROL=... collab-service/demo/e2e.sh
# (the ids and tokens deploy/local/run.sh prints). Screenshots: collab-service/target/demo-e2e/.
# Without Chromium or Node it is skipped with a message; with CI=true it fails instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export OUT="${OUT:-$(dirname "$here")/target/demo-e2e}"
chromium=""
for candidate in ${CHROMIUM:-/usr/bin/chromium /usr/bin/chromium-browser}; do
  [[ -x "$candidate" ]] && { chromium="$candidate"; break; }
done
missing=""
[[ -n "$chromium" ]] || missing="Chromium (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null && command -v npm >/dev/null || missing="${missing:+$missing and }Node + npm"
if [[ -n "$missing" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "demo e2e: FAILED: $missing not installed (CI=true)" >&2
    exit 1
  fi
  echo "demo e2e: SKIPPED: $missing not installed"
  exit 0
fi
export CHROMIUM="$chromium"
cd "$here"
mkdir -p "$OUT"
if [[ ! -d node_modules/playwright-core || ! -d node_modules/esbuild ]]; then
  npm ci --no-audit --no-fund >"$OUT/npm-ci.log" 2>&1 || { cat "$OUT/npm-ci.log" >&2; exit 1; }
fi
# the page collab-service serves is the committed bundle: it must be what src/ builds
node build.mjs --check
node e2e.mjs
