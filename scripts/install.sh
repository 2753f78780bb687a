#!/usr/bin/env bash
# Installs everything Shoal needs on a fresh Debian machine of this kind, from the project's own
# files: the build toolchain (better-sqlite3 builds from source: its prebuilt binaries are on
# GitHub, which this machine cannot reach; the agent's native addon needs a C compiler), curl,
# the node headers, pnpm, Debian's Chromium (for browser tests), dependencies (pinned by the
# lockfile), the Prisma client and the database migrations (offline). Idempotent and quiet:
# nothing secret is printed (the one-time setup link comes from the console's start, not here).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
PNPM_VERSION=10.34.9
log() { echo "[shoal install] $*" >&2; }
die() { log "$*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
APT_UPDATED=0
apt_install() {
  [ "$APT_UPDATED" = 1 ] || { as_root apt-get update -q >/dev/null; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

command -v node >/dev/null || die "node is not installed: install Node.js 20.19+ (e.g. NodeSource's nodejs package) and run this again"

# Toolchain for native builds (node-gyp needs make, g++ and python3) and curl.
missing=()
for cmd in cc:build-essential g++:build-essential make:build-essential python3:python3 curl:curl; do
  command -v "${cmd%%:*}" >/dev/null || missing+=("${cmd#*:}")
done
command -v update-ca-certificates >/dev/null || missing+=(ca-certificates)
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "apt-get install ${missing[*]} (native builds: better-sqlite3, the agent's netlink addon)"
  apt_install "${missing[@]}"
fi

# Node headers for those builds, from the node that runs them (node-gyp would download them,
# which fails offline). NodeSource's nodejs package ships them in <prefix>/include/node; Debian's
# own nodejs keeps them in libnode-dev.
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
if [ -z "${npm_config_nodedir:-}" ]; then
  if ! [ -f "$node_prefix/include/node/node.h" ] && dpkg -S "$(readlink -f "$(command -v node)")" 2>/dev/null | grep -q '^nodejs:' \
    && apt-cache show libnode-dev >/dev/null 2>&1 && ! dpkg -s nodejs 2>/dev/null | grep -q nodesource; then
    log "apt-get install libnode-dev (node headers for native builds)"
    apt_install libnode-dev
  fi
  [ -f "$node_prefix/include/node/node.h" ] || die "node headers not found in $node_prefix/include/node (native builds need them): install your node's headers (Debian: libnode-dev; NodeSource's nodejs ships them) or set npm_config_nodedir"
  export npm_config_nodedir=$node_prefix
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  log "npm i -g pnpm@$PNPM_VERSION"
  npm i -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi
if [ "${SHOAL_SKIP_CHROMIUM:-0}" != 1 ] && ! [ -x /usr/bin/chromium ]; then
  log "apt-get install chromium (browser tests)"
  apt_install chromium
fi
# promtool checks deploy/prometheus rules in CI; Alertmanager is a real receiver in the API tests.
if [ "${SHOAL_SKIP_PROMETHEUS:-0}" != 1 ] && ! { [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus-alertmanager ]; }; then
  log "apt-get install prometheus prometheus-alertmanager (promtool, Alertmanager for tests)"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus prometheus-alertmanager >/dev/null
  # Debian starts both as services; Shoal only needs the binaries.
  systemctl disable --now prometheus prometheus-alertmanager >/dev/null 2>&1 || true
fi
log "pnpm install"
mkdir -p .shoal
# The whole output goes to a log (quiet on success); a failure prints its end.
if ! pnpm install --frozen-lockfile --reporter=append-only >.shoal/install.log 2>&1; then
  tail -n 40 .shoal/install.log >&2
  die "pnpm install failed (whole log: .shoal/install.log)"
fi
grep -E '\[shoal agent native\]' .shoal/install.log >&2 || true
if [ -f scripts/post-install.sh ]; then bash scripts/post-install.sh; fi
