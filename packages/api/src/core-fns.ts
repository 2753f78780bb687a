import * as core from "@shoal/core";
import type { Cluster, Diagnostic, DirectorProposal, IpvsState, ParseResult } from "@shoal/core";
import { ShoalError } from "./errors.ts";

/**
 * The one place that reaches core's validators, renderers and parsers. They are written in
 * parallel by other engineers; until one is exported, calling it fails with a clear
 * "not available yet" error instead of fake output.
 */
interface CoreFns {
  validateCluster(cluster: Cluster): Diagnostic[];
  explainZodError(err: unknown, root?: unknown): Diagnostic[];
  renderIpvsadmRules(cluster: Cluster): string;
  renderKeepalivedConf(cluster: Cluster, opts?: { director?: string }): string;
  renderLvsCf(cluster: Cluster): string;
  renderRealServerScript(cluster: Cluster, rsAddress: string): string;
  renderBackup(cluster: Cluster): string;
  parseIpvsadmSave(text: string): ParseResult<unknown>;
  stateToCluster(state: IpvsState, name: string, warnings?: Diagnostic[]): Cluster;
  parseKeepalivedConf(text: string): ParseResult<Cluster> & { directors: DirectorProposal[] };
  readIpvsadmSaveRest(text: string): { state: IpvsState; errors: Diagnostic[]; warnings: Diagnostic[] };
  parseLvsCf(text: string): ParseResult<Cluster>;
  parseBackup(text: string): ParseResult<Cluster>;
}

export function hasCoreFn(name: keyof CoreFns): boolean {
  return typeof (core as Record<string, unknown>)[name] === "function";
}

export function coreFn<K extends keyof CoreFns>(name: K): CoreFns[K] {
  const fn = (core as Record<string, unknown>)[name];
  if (typeof fn !== "function") {
    throw ShoalError.notImplemented(
      `@shoal/core's ${name} is not available yet`,
      `@shoal/core 的 ${name} 尚未提供`,
    );
  }
  return fn as CoreFns[K];
}
