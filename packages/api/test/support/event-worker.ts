// The console's event service alone, on a database file: a real child process the outbox test kills with SIGKILL.
import { createDb } from "@shoal/db";
import { startEventService } from "../../src/events/service.ts";

const db = createDb(process.argv[2]);
await startEventService({ db, recordStart: false, tickMs: 100 });
process.stdout.write("ready\n");
