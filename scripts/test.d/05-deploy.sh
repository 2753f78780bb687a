#!/usr/bin/env bash
# deploy/: Prometheus rules pass `promtool check rules` (Debian's prometheus package, installed by
# scripts/install.sh), and the rules' and the Grafana dashboard's queries name only metrics the
# agent's registry and the console actually export.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v promtool >/dev/null || { echo "[deploy] promtool missing: run scripts/install.sh (Debian package prometheus)" >&2; exit 1; }
promtool check rules deploy/prometheus/*.yml
pnpm --silent --filter @shoal/api exec tsx ../../deploy/check-metrics.mts
