#!/usr/bin/env bash
# Real-kernel tests: builds the IPVS lab (idempotent, Debian packages only) and runs every
# lab/tests/**/*.sh in fresh user-mode-Linux guests. A machine that cannot run the lab FAILS
# this stage; only SHOAL_LAB=skip, set on purpose, skips it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${SHOAL_LAB:-}" = skip ]; then
  echo "lab: SKIPPED because SHOAL_LAB=skip (no real-kernel tests ran)"
  exit 0
fi
bash lab/build.sh
if ! out=$(bash lab/run.sh -t 120 -c 'grep -q "^ip_vs " /proc/modules && echo lab-ok' 2>&1) || [ "${out##*$'\n'}" != lab-ok ]; then
  printf '%s\n' "$out" >&2
  echo "lab: FAILED: the user-mode-Linux guest with IPVS does not boot on this machine (see above)." >&2
  echo "lab: set SHOAL_LAB=skip to skip the real-kernel tests knowingly." >&2
  exit 1
fi
bash lab/test.sh
