#!/usr/bin/env bash
# The agent's kernel benchmark in one lab boot: full sync, whole-table read and one weight change,
# the agent's netlink backend vs keepalived 2.2.7 vs ipvsadm, each in its own network namespace.
# Prints every figure and its ratio; asserts nothing.
#
# Usage: bench/agent/run.sh [SIZES] [REAL_SERVERS] [OPS_PER_SEND]   e.g. 1000,10000 10 256
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$REPO/lab/build.sh" >&2
bash "$REPO/lab/bundle.sh"
CACHE=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
exec bash "$REPO/lab/run.sh" -m "${SHOAL_BENCH_MEM:-2048}" -t "${SHOAL_BENCH_TIMEOUT:-3000}" \
  -e "SHOAL_LAB_JS=$CACHE/js" -e "NODE_PATH=$REPO/packages/agent/node_modules" \
  "$REPO/bench/agent/guest/bench.sh" "${1:-1000}" "${2:-10}" "${3:-256}"
