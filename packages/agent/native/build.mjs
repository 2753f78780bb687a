#!/usr/bin/env node
// Builds native/build/ipvs_dump.node (the agent's netlink dump loop, ipvs_dump.c, and its /proc
// reader, seq_read.c, over one raw io_uring, uring.c) with the
// system C compiler against the running node's headers. Runs at `pnpm install` (the package's
// install script) and from the bundle script. No download, no node-gyp. When it cannot build
// (no compiler, no headers, not Linux) it says why and exits 0: the agent then reads the kernel
// through the npm `netlink` socket instead (slower at scale) and logs that it does.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "build", "ipvs_dump.node");
const say = (m) => console.error(`[shoal agent native] ${m}`);

if (process.platform !== "linux") {
  say(`skipped: ${process.platform} has no netlink (the agent runs on Linux directors)`);
  process.exit(0);
}
const candidates = [
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, "include", "node"),
  join(dirname(dirname(process.execPath)), "include", "node"),
  "/usr/include/node",
].filter(Boolean);
const headers = candidates.find((d) => existsSync(join(d, "node_api.h")));
if (!headers) {
  say(`not built: node_api.h not found in ${candidates.join(", ")} (install the nodejs headers, e.g. Debian's libnode-dev or nodejs headers)`);
  process.exit(0);
}
const cc = process.env.CC || "cc";
mkdirSync(join(here, "build"), { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
// -O2 and nothing exotic: the same .node runs on the host and in the lab guest (same node binary)
const r = spawnSync(
  cc,
  [
    "-O2",
    "-std=gnu11",
    "-Wall",
    "-Wextra",
    "-Wno-unused-parameter",
    "-shared",
    "-fPIC",
    "-fvisibility=hidden",
    `-I${headers}`,
    "-o",
    tmp,
    ...["ipvs_dump.c", "seq_read.c", "uring.c", "work.c"].map((f) => join(here, f)),
  ],
  { encoding: "utf8" },
);
if (r.error || r.status !== 0) {
  say(`not built: ${cc} failed: ${r.error?.message ?? r.stderr.trim()}`);
  process.exit(0);
}
if (r.stderr.trim()) say(r.stderr.trim());
renameSync(tmp, out); // atomic: a running agent or a parallel build never sees half a file
say(`built ${out}`);
