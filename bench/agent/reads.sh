#!/usr/bin/env bash
# The agent's whole-table read alone (each dump loop) vs ipvsadm, in one lab boot; quicker than run.sh.
# Usage: bench/agent/reads.sh [SERVICES] [REAL_SERVERS] [nosocket]   e.g. 10000 10
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$REPO/lab/build.sh" >&2
bash "$REPO/lab/bundle.sh"
CACHE=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
exec bash "$REPO/lab/run.sh" -m "${SHOAL_BENCH_MEM:-2048}" -t "${SHOAL_BENCH_TIMEOUT:-1800}" \
  -e "SHOAL_LAB_JS=$CACHE/js" -e "NODE_PATH=$REPO/packages/agent/node_modules" -e "SHOAL_READS_MODE=${SHOAL_READS_MODE:-main}" \
  "$REPO/bench/agent/guest/reads.sh" "${1:-1000}" "${2:-10}" "${3:-}"
