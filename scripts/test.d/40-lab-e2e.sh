#!/usr/bin/env bash
# The product end to end on real parts: the built console (as in 20-e2e.sh, fresh SQLite, free
# port), the real agent in the real-kernel lab connected to it over the lab's slirp link, real
# traffic, Playwright in Chromium (e2e/tests/lab/). Needs the lab (30-lab.sh builds it); only
# SHOAL_LAB=skip, set on purpose, skips it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${SHOAL_LAB:-}" = skip ]; then
  echo "lab e2e: SKIPPED because SHOAL_LAB=skip"
  exit 0
fi
bash lab/build.sh
SHOAL_LAB_E2E=1 bash scripts/test.d/20-e2e.sh tests/lab/ "$@"
