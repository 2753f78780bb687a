// The console side of bench/events, in its own process (its CPU is what the bench reports): the
// agent API (the same handler Next mounts at /api/agent) plus the event service.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAgentRequest, startEventService } from "@shoal/api";
import { nodeHandler } from "@shoal/api/http/node-adapter";
import { createDb } from "@shoal/db";

const db = createDb(process.argv[2]);
await startEventService({ db, recordStart: false, tickMs: 250 });
const server = createServer(nodeHandler((req) => handleAgentRequest(req, { db })));
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
