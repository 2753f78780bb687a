#!/usr/bin/env bash
# Browser e2e: builds the console if its sources changed (turbo cache), starts the BUILT app
# (`next start`) on a fresh SQLite file with the migrations applied and on a random free port,
# runs Playwright in Debian's Chromium against it, and stops the server whatever happens.
# Screenshots and traces land in e2e/test-results (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
log() { echo "[e2e] $*" >&2; }

# Screenshots of the zh-CN pages need a CJK font (the tests read the DOM, so this is not fatal).
if command -v fc-list >/dev/null && ! fc-list :lang=zh | grep -q . && command -v apt-get >/dev/null; then
  log "apt-get install fonts-wqy-microhei (CJK glyphs for zh-CN screenshots)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || log "no CJK font: zh-CN screenshots will show boxes"
fi

log "build @shoal/console (cached when unchanged)"
pnpm turbo run build --filter=@shoal/console --output-logs=errors-only

TMP=$(mktemp -d /tmp/shoal-e2e.XXXXXX)
export SHOAL_DATABASE="$TMP/shoal.db"
log "migrate $SHOAL_DATABASE"
pnpm --silent --filter @shoal/db migrate deploy --db "$SHOAL_DATABASE"

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export SHOAL_HOST=127.0.0.1 SHOAL_PORT=$PORT
LOG="$TMP/server.log"
log "start console on $SHOAL_HOST:$PORT (log $LOG)"
node apps/console/scripts/start.mjs >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ "${SHOAL_E2E_KEEP:-0}" != 1 ]; then rm -rf "$TMP"; fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "http://$SHOAL_HOST:$PORT/login" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then cat "$LOG" >&2; log "server exited"; exit 1; fi
  sleep 0.5
done
curl -fsS -o /dev/null "http://$SHOAL_HOST:$PORT/login" || { cat "$LOG" >&2; log "server did not answer"; exit 1; }

log "playwright"
cd e2e
SHOAL_URL="http://$SHOAL_HOST:$PORT" SHOAL_SERVER_LOG="$LOG" SHOAL_E2E_TMP="$TMP" pnpm exec playwright test "$@"
