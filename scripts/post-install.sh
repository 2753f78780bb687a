#!/usr/bin/env bash
# After `pnpm install`: generate the Prisma client and bring the default database
# (SHOAL_DATABASE, else .shoal/shoal.db) up to the committed migrations. Offline and idempotent:
# the schema engine runs in WebAssembly (packages/db/src/migrate), nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[shoal post-install] $*" >&2; }
log "prisma generate"
# The dummy engine path stops prisma from trying to download the native schema engine.
(cd packages/db && PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_HIDE_UPDATE_MESSAGE=1 pnpm exec prisma generate >/dev/null)
log "migrate deploy"
pnpm --filter @shoal/db --silent migrate deploy
