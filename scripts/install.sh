#!/usr/bin/env bash
# Installs everything Shoal needs on a fresh Debian machine of this kind, from the project's own
# files: pnpm, Debian's Chromium (for browser tests), dependencies (pinned by the lockfile),
# the Prisma client and the database migrations (offline). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 npm_config_nodedir=${npm_config_nodedir:-/usr}
PNPM_VERSION=10.34.9
log() { echo "[shoal install] $*" >&2; }

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  log "npm i -g pnpm@$PNPM_VERSION"
  npm i -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi
if [ "${SHOAL_SKIP_CHROMIUM:-0}" != 1 ] && ! [ -x /usr/bin/chromium ]; then
  log "apt-get install chromium (browser tests)"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
# promtool checks deploy/prometheus rules in CI; Alertmanager is a real receiver in the API tests.
if [ "${SHOAL_SKIP_PROMETHEUS:-0}" != 1 ] && ! { [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus-alertmanager ]; }; then
  log "apt-get install prometheus prometheus-alertmanager (promtool, Alertmanager for tests)"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus prometheus-alertmanager >/dev/null
  # Debian starts both as services; Shoal only needs the binaries.
  systemctl disable --now prometheus prometheus-alertmanager >/dev/null 2>&1 || true
fi
log "pnpm install"
pnpm install --frozen-lockfile
if [ -f scripts/post-install.sh ]; then bash scripts/post-install.sh; fi
