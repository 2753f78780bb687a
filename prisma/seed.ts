// The seed lives in @shoal/db (packages/db/src/seed.ts) where its imports resolve; see there for
// the options. Run it with `pnpm --filter @shoal/db seed` (or `seed:bulk`).
import "../packages/db/src/seed.ts";
