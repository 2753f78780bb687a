#!/usr/bin/env node
// Builds dist/shoal-agent.cjs: the whole agent in one file, so a director needs only `node`.
// The netlink native addon cannot live inside a JS bundle; it is copied beside it as
// dist/node_modules/netlink (with node-gyp-build, which finds the prebuilt .node there), and
// the agent's own dump loop as dist/ipvs_dump.node.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, realpathSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// SHOAL_AGENT_DIST: build elsewhere (the lab builds into the guest's /tmp, never racing the host's dist/).
const dist = process.env.SHOAL_AGENT_DIST ?? join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(root, "bin/shoal-agent.ts")],
  outfile: join(dist, "shoal-agent.cjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["netlink"],
  // The kernel package resolves netlink with createRequire(import.meta.url); in CommonJS that is this file.
  define: { "import.meta.url": "__shoal_import_meta_url" },
  banner: { js: 'const __shoal_import_meta_url = require("url").pathToFileURL(__filename).href;' },
  legalComments: "none",
  logLevel: "warning",
});
chmodSync(join(dist, "shoal-agent.cjs"), 0o755);

const req = createRequire(join(root, "package.json"));
const netlinkDir = realpathSync(dirname(req.resolve("netlink/package.json")));
const out = join(dist, "node_modules/netlink");
for (const part of ["package.json", "dist", "prebuilds/linux-x64", "LICENSE"]) cpSync(join(netlinkDir, part), join(out, part), { recursive: true });
const nlReq = createRequire(join(netlinkDir, "package.json"));
const gypDir = realpathSync(dirname(nlReq.resolve("node-gyp-build/package.json")));
cpSync(gypDir, join(dist, "node_modules/node-gyp-build"), { recursive: true });
// The native dump loop (native/ipvs_dump.c) ships beside the bundle, where the kernel code looks
// first. Built here if `pnpm install` could not; without it the agent reads through netlink's socket.
spawnSync(process.execPath, [join(root, "native/build.mjs")], { stdio: "inherit" });
const addon = join(root, "native/build/ipvs_dump.node");
if (existsSync(addon)) cpSync(addon, join(dist, "ipvs_dump.node"));
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
writeFileSync(join(dist, "VERSION"), `${version}\n`);
console.log(`built ${join(dist, "shoal-agent.cjs")} (+ node_modules/netlink addon${existsSync(addon) ? " + ipvs_dump.node" : ", WITHOUT ipvs_dump.node"})`);
