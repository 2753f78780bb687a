#!/usr/bin/env bash
# Every test Shoal has: lint and format, typecheck (bench and lab/tests too), unit and API tests of every package, browser e2e, and the
# real-kernel lab tests. Installs what is missing first (scripts/install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CI=${CI:-true}
bash scripts/install.sh
# eslint (type-aware rules, package boundaries) and the format check
pnpm lint
pnpm turbo run typecheck test --concurrency=1 --output-logs=new-only
for t in scripts/test.d/*.sh; do
  [ -f "$t" ] || continue
  echo "== $t"
  bash "$t"
done
echo "all test stages passed"
