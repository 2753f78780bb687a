import type { ParseResult } from "../diagnostics.ts";
import type { IpvsState } from "../model/ipvs-state.ts";
import { IpvsTable } from "../plan/table.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { neverThrow, Reporter } from "./report.ts";
import { parseIpvsadmRestore, restoreCommands, type RestoreCommand } from "./restore.ts";

/**
 * `ipvsadm -S -n` text (or any -R batch) -> the table it builds, in file order. A command the
 * kernel would refuse (a real server of an undefined service, a duplicate) is a located error.
 * --set lines fill `timeouts`; without one the result has none (-S does not save them).
 */
export function parseIpvsadmSave(text: string): ParseResult<IpvsState> {
  const parsed = parseIpvsadmRestore(text);
  if (!parsed.ok) return parsed;
  return neverThrow((r) => {
    for (const w of parsed.warnings) r.warnings.push(w);
    return build(parsed.value, r);
  });
}

/**
 * What `ipvsadm -R` itself does with a file that has bad lines: it loads every other line. The
 * table of the good lines, with every bad line as an error (so the preview can offer "import the
 * rest" naming them). A real server of a refused service is refused too, as in the kernel.
 */
export function readIpvsadmSaveRest(text: string): { state: IpvsState; errors: Diagnostic[]; warnings: Diagnostic[] } {
  const r = new Reporter();
  try {
    return { state: build(restoreCommands(text, r), r), errors: r.errors, warnings: r.warnings };
  } catch (e) {
    r.error("parse.internal", { en: `internal parser error: ${String(e)}`, zh: `解析器内部错误：${String(e)}` }, 1, 1);
    return { state: { services: [] }, errors: r.errors, warnings: r.warnings };
  }
}

function build(commands: RestoreCommand[], r: Reporter): IpvsState {
  const table = new IpvsTable();
  for (const c of commands) {
    let err;
    switch (c.kind) {
      case "add-service":
        err = table.addService(c.service);
        break;
      case "edit-service":
        err = table.editService(c.service);
        break;
      case "delete-service":
        err = table.deleteService(c.service);
        break;
      case "add-dest":
        err = table.addDest(c.service, c.dest);
        break;
      case "edit-dest":
        err = table.editDest(c.service, c.dest);
        break;
      case "delete-dest":
        err = table.deleteDest(c.service, c.dest);
        break;
      case "set-timeouts":
        table.setTimeouts(c.timeouts);
        break;
      case "clear":
        table.clear();
        break;
    }
    if (err) r.error("ipvsadm.kernel-refuses", err, c.line, 1);
  }
  return table.toState();
}
