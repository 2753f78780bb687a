#!/usr/bin/env bash
# The first command: installs everything (scripts/install.sh: pnpm, Chromium, dependencies, Prisma
# client, migrations), seeds the demo cluster into a fresh database, builds the console and starts
# it in the foreground. On first start it prints a one-time setup link to create the admin.
#   SHOAL_HOST (127.0.0.1)  SHOAL_PORT (3000)  SHOAL_DATABASE (<repo>/.shoal/shoal.db)
#   SHOAL_SKIP_SEED=1 to start without the demo cluster.
#   SHOAL_DEMO_LAB=0 not to start the live demo: where the real-kernel lab can run (user-mode Linux,
#   lab/), scripts/demo-lab.sh runs in the background so cluster "lab" -> Monitor shows real traffic.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
export SHOAL_HOST=${SHOAL_HOST:-127.0.0.1} SHOAL_PORT=${SHOAL_PORT:-3000}
export SHOAL_DATABASE=$(realpath -m "${SHOAL_DATABASE:-$ROOT/.shoal/shoal.db}")
log() { echo "[shoal up] $*" >&2; }

mkdir -p "$(dirname "$SHOAL_DATABASE")"
fresh=0
[ -s "$SHOAL_DATABASE" ] || fresh=1

bash scripts/install.sh
log "migrate $SHOAL_DATABASE"
pnpm --silent --filter @shoal/db migrate deploy --db "$SHOAL_DATABASE"
if [ "$fresh" = 1 ] && [ "${SHOAL_SKIP_SEED:-0}" != 1 ]; then
  log "seed the demo cluster"
  pnpm --silent --filter @shoal/db seed
fi
log "build the console"
pnpm turbo run build --filter=@shoal/console --output-logs=errors-only
if [ "${SHOAL_DEMO_LAB:-1}" != 0 ] && [ -w /dev/shm ] && command -v apt-get >/dev/null; then
  DEMO_LOG=$ROOT/.shoal/demo-lab.log
  log "live demo on a real kernel starting in the background (log $DEMO_LOG): cluster \"lab\" -> Monitor; SHOAL_DEMO_LAB=0 turns it off"
  bash scripts/demo-lab.sh >"$DEMO_LOG" 2>&1 &
fi
log "start on http://$SHOAL_HOST:$SHOAL_PORT (Ctrl-C stops it)"
exec node apps/console/scripts/start.mjs
