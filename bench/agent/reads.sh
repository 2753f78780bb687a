#!/usr/bin/env bash
# The agent's whole-table read alone (each dump loop) vs ipvsadm, in one lab boot; quicker than run.sh.
# Usage: bench/agent/reads.sh [SERVICES] [REAL_SERVERS] [nosocket]   e.g. 10000 10
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lab-boot.sh"
lab_bench 1800 reads.sh -e "SHOAL_READS_MODE=${SHOAL_READS_MODE:-main}" -- "${1:-1000}" "${2:-10}" "${3:-}"
