#!/usr/bin/env bash
# One live-counter sample (full, and incremental with no traffic and with a fraction of services
# busy) vs `ipvsadm -Ln --stats --exact`, in one lab boot (issue #5). ~3 min at 10,000 x 10.
# Usage: bench/agent/samples.sh [SERVICES] [REAL_SERVERS] [BUSY_FRACTIONS]   e.g. 10000 10 0.01,0.1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lab-boot.sh"
lab_bench 1800 samples.sh -e "SHOAL_SAMPLES_MODE=${SHOAL_SAMPLES_MODE:-main}" -- "${1:-1000}" "${2:-10}" "${3:-0.01,0.1}"
