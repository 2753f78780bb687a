import { Cluster, RealServer, VirtualService, type RealServerInput, type VirtualServiceInput } from "@shoal/core/model/index";
import { explainZodError, validateVirtualService } from "@shoal/core/validate/index";
import type { Diagnostic } from "@shoal/core/diagnostics";
import { formFieldOf } from "./convert.ts";

export type FieldDiagnostics = Map<string, Diagnostic[]>;

/** Same checks the API runs (core schema + semantic rules), so errors show before a round trip. */
export function checkService(input: VirtualServiceInput): FieldDiagnostics {
  const parsed = VirtualService.safeParse(input);
  if (!parsed.success) return group(explainZodError(parsed.error, input), []);
  const cluster = Cluster.parse({ name: "check", virtualServices: [] });
  return group(validateVirtualService(parsed.data, 0, cluster), ["virtualServices", 0]);
}

/** Checks one real server in the context of its service (port mapping vs. forwarding, duplicates). */
export function checkRealServer(service: VirtualServiceInput, others: RealServerInput[], input: RealServerInput): FieldDiagnostics {
  const parsed = RealServer.safeParse(input);
  if (!parsed.success) return group(explainZodError(parsed.error, input), []);
  const svc = VirtualService.safeParse({ ...service, realServers: [...others, input] });
  if (!svc.success) return new Map();
  const cluster = Cluster.parse({ name: "check", virtualServices: [] });
  return group(validateVirtualService(svc.data, 0, cluster), ["virtualServices", 0, "realServers", others.length]);
}

/** Diagnostics whose path lies under `prefix`, keyed by the form field that shows them. */
export function group(diags: Diagnostic[], prefix: (string | number)[]): FieldDiagnostics {
  const out: FieldDiagnostics = new Map();
  for (const d of diags) {
    const path = d.path ?? [];
    if (prefix.some((p, i) => String(path[i]) !== String(p))) continue;
    const field = formFieldOf(path.slice(prefix.length));
    out.set(field, [...(out.get(field) ?? []), d]);
  }
  return out;
}

export function hasError(fd: FieldDiagnostics): boolean {
  for (const list of fd.values()) if (list.some((d) => d.severity === "error")) return true;
  return false;
}

/** API diagnostics (paths from the cluster root) for the service at any index. */
export function apiServiceDiagnostics(diags: Diagnostic[]): FieldDiagnostics {
  const out: FieldDiagnostics = new Map();
  for (const d of diags) {
    const path = stripInput(d.path ?? []);
    const rel = path[0] === "virtualServices" ? path.slice(2) : path;
    if (rel[0] === "realServers") continue;
    const field = formFieldOf(rel);
    out.set(field, [...(out.get(field) ?? []), d]);
  }
  return out;
}

/** API diagnostics for a real server: everything under realServers.<n>. */
export function apiRealServerDiagnostics(diags: Diagnostic[]): FieldDiagnostics {
  const out: FieldDiagnostics = new Map();
  for (const d of diags) {
    const path = stripInput(d.path ?? []);
    const at = path.indexOf("realServers");
    const rel = at >= 0 ? path.slice(at + 2) : path[0] === "virtualServices" ? path.slice(2) : path;
    const field = formFieldOf(rel);
    out.set(field, [...(out.get(field) ?? []), d]);
  }
  return out;
}

/** Input-validation errors are located in the procedure's input ({ id, data: {...} }). */
function stripInput(path: (string | number)[]): (string | number)[] {
  return path[0] === "data" ? path.slice(1) : path;
}
