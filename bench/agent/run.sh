#!/usr/bin/env bash
# The agent's kernel benchmark in one lab boot: full sync, whole-table read and one weight change,
# the agent's netlink backend vs keepalived 2.2.7 vs ipvsadm, each in its own network namespace.
# Prints every figure and its ratio; asserts nothing.
#
# Usage: bench/agent/run.sh [SIZES] [REAL_SERVERS] [OPS_PER_SEND]   e.g. 1000,10000 10 256
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lab-boot.sh"
if [ "${SHOAL_BENCH_MODE:-main}" = daemon ]; then
  # the daemon alone: SHOAL_BENCH_MODE=daemon bench/agent/run.sh N R "FLAGS|SAMPLE_SECONDS" ...
  # (SHOAL_BENCH_AGENT=DIR: another build's bundle, e.g. an older commit's, under the repository)
  # (SHOAL_BENCH_DAEMON_LOG=1: the daemon's log lines too, timed from its start)
  lab_bench 3000 bench.sh -e SHOAL_BENCH_MODE=daemon ${SHOAL_BENCH_AGENT:+-e "SHOAL_BENCH_AGENT=$SHOAL_BENCH_AGENT"} ${SHOAL_BENCH_DAEMON_LOG:+-e "SHOAL_BENCH_DAEMON_LOG=1"} -- "$@"
fi
lab_bench 3000 bench.sh -- "${1:-1000}" "${2:-10}" "${3:-256}"
