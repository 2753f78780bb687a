#!/usr/bin/env bash
# The agent's kernel benchmark in one lab boot: full sync, whole-table read and one weight change,
# the agent's netlink backend vs keepalived 2.2.7 vs ipvsadm, each in its own network namespace.
# Prints every figure and its ratio; asserts nothing.
#
# Usage: bench/agent/run.sh [SIZES] [REAL_SERVERS] [OPS_PER_SEND]   e.g. 1000,10000 10 256
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lab-boot.sh"
lab_bench 3000 bench.sh -- "${1:-1000}" "${2:-10}" "${3:-256}"
