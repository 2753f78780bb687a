#!/usr/bin/env bash
# A live demo on a real kernel: the real agent in the lab (user-mode Linux with IPVS) follows the
# running console (scripts/up.sh) as director "lab-dir" of cluster "lab", and a client sends HTTP
# requests through the VIP 10.1.1.100 to three real servers (wrr 1:2:3). Open the cluster "lab"
# -> Monitor in the console to watch. Started in the background by scripts/up.sh when the lab can
# run here; or run it yourself next to a running console.
#   SHOAL_PORT (3000), SHOAL_DATABASE (as up.sh), SHOAL_DEMO_MINUTES (30): how long it runs.
# Stop it early: touch the stop file it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${SHOAL_PORT:-3000}
export SHOAL_DATABASE=$(realpath -m "${SHOAL_DATABASE:-$ROOT/.shoal/shoal.db}")
MIN=${SHOAL_DEMO_MINUTES:-30}
log() { echo "[demo-lab] $*" >&2; }

bash lab/build.sh
SHARE=$(mktemp -d "${TMPDIR:-/tmp}/shoal-demo-lab.XXXXXX")
trap 'rm -rf "$SHARE"' EXIT
pnpm --silent --filter @shoal/db seed --lab --token-file "$SHARE/token" --db "$SHOAL_DATABASE" >&2
# the console must answer on the host's loopback, which is what the guest's 10.0.2.2 reaches
for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/login" 2>/dev/null && break; sleep 0.5; done
log "booting the lab: agent -> http://10.0.2.2:$PORT (the host's 127.0.0.1:$PORT), traffic to 10.1.1.100:80 for $MIN min"
log "watch: console -> cluster \"lab\" -> Monitor.  stop early: touch $SHARE/stop"
bash lab/run.sh -n -t $((60 * MIN + 300)) -v "$SHARE" -e "SHOAL_CONSOLE_URL=http://10.0.2.2:$PORT" \
  -e "SHOAL_LAB_SHARE=$SHARE" -e "SHOAL_LAB_MINUTES=$MIN" lab/scenarios/console-agent.sh
