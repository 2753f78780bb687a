# Sourced by the bench/agent launchers. lab_bench TIMEOUT GUEST_SCRIPT [-e VAR=VALUE ...] -- ARGS:
# builds the lab image and bundles the guest code (both cached), then boots one guest with the
# repo's bundles and the agent's native addon on NODE_PATH and runs GUEST_SCRIPT ARGS in it.
# SHOAL_BENCH_MEM (MB, default 2048) and SHOAL_BENCH_TIMEOUT (s) override the guest's size and limit.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

lab_bench() {
  local timeout=$1 script=$2
  shift 2
  local env=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do env+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  bash "$REPO/lab/build.sh" >&2
  bash "$REPO/lab/bundle.sh"
  local cache=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
  exec bash "$REPO/lab/run.sh" -m "${SHOAL_BENCH_MEM:-2048}" -t "${SHOAL_BENCH_TIMEOUT:-$timeout}" \
    -e "SHOAL_LAB_JS=$cache/js" -e "NODE_PATH=$REPO/packages/agent/node_modules" "${env[@]}" \
    "$REPO/bench/agent/guest/$script" "$@"
}
