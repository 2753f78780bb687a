#!/usr/bin/env bash
# Runs every lab test script (lab/tests/**/*.sh), each in its own fresh guest, and prints the
# closing line "N passed, M failed". Scripts print "PASS: ..." / "FAIL: ..." lines; a guest that
# ends non-zero without any FAIL line counts as one failure. Exit status is non-zero on any failure.
#
# Usage: lab/test.sh [FILTER]      FILTER: only scripts whose path contains it
# Node entry points the scripts need (lab/tests/**/*.ts) are bundled first with esbuild into
# $SHOAL_LAB_CACHE/js/<same path>.mjs (the guest has node but no TypeScript loader); scripts find
# them under $SHOAL_LAB_JS, and `netlink` resolves through NODE_PATH.
set -uo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/.." && pwd)
CACHE=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
FILTER=${1:-}
bash "$LAB/bundle.sh" || { echo "lab/test.sh: bundling node entry points failed"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
while IFS= read -r t; do
  case $t in *"$FILTER"*) ;; *) continue ;; esac
  rel=${t#"$REPO"/}
  echo "== $rel"
  out=$(bash "$LAB/run.sh" -t "${SHOAL_LAB_TIMEOUT:-900}" -e "SHOAL_LAB_JS=$CACHE/js" \
        -e "NODE_PATH=$REPO/packages/agent/node_modules" "$t" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  p=$(printf '%s\n' "$out" | grep -c '^PASS' || true)
  f=$(printf '%s\n' "$out" | grep -c '^FAIL' || true)
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    echo "FAIL: $rel ended with status $rc before reporting a failure"; f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
done < <(find "$LAB/tests" -name '*.sh' -type f | LC_ALL=C sort)
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
