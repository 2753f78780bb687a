#!/usr/bin/env bash
# One live-counter sample (full, and incremental with no traffic and with a fraction of services
# busy) vs `ipvsadm -Ln --stats --exact`, in one lab boot (issue #5). ~3 min at 10,000 x 10.
# Usage: bench/agent/samples.sh [SERVICES] [REAL_SERVERS] [BUSY_FRACTIONS]   e.g. 10000 10 0.01,0.1
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$REPO/lab/build.sh" >&2
bash "$REPO/lab/bundle.sh"
CACHE=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
exec bash "$REPO/lab/run.sh" -m "${SHOAL_BENCH_MEM:-2048}" -t "${SHOAL_BENCH_TIMEOUT:-1800}" \
  -e "SHOAL_LAB_JS=$CACHE/js" -e "NODE_PATH=$REPO/packages/agent/node_modules" \
  "$REPO/bench/agent/guest/samples.sh" "${1:-1000}" "${2:-10}" "${3:-0.01,0.1}"
