#!/usr/bin/env node
// Entry point of the shoal-agent CLI (bundled to dist/shoal-agent.cjs by `pnpm bundle`).
import { main } from "../src/cli/main.ts";

void main();
