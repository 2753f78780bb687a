#!/usr/bin/env bash
# Bundles every lab/tests/**/*.ts and bench/agent/guest/*.ts (node entry points run inside the
# guest) into $SHOAL_LAB_CACHE/js/<path>.mjs with esbuild. `netlink` stays external: it carries
# a native addon, found in the guest through NODE_PATH=<repo>/packages/agent/node_modules.
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/.." && pwd)
OUT=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}/js
ESBUILD=$REPO/packages/agent/node_modules/.bin/esbuild
[ -x "$ESBUILD" ] || { echo "lab/bundle.sh: esbuild missing: pnpm install" >&2; exit 1; }
cd "$REPO"
entries=$(find lab/tests bench/agent/guest -name '*.ts' ! -name '*.d.ts' -type f 2>/dev/null | LC_ALL=C sort || true)
[ -n "$entries" ] || exit 0
# shellcheck disable=SC2086
"$ESBUILD" $entries --bundle --platform=node --target=node20 --format=esm --outbase=. \
  --outdir="$OUT" --out-extension:.js=.mjs --external:netlink --log-level=warning
