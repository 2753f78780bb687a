import { readFile } from "node:fs/promises";
import {
  canonicalState,
  sameDestSettings,
  sameServiceSettings,
  parseIpvsadmList,
  parseIpvsadmSave,
  renderPlanBatch,
  stateDestKey,
  stateServiceKey,
  type IpvsState,
  type KernelTimeouts,
  type Operation,
  type ParseResult,
} from "@shoal/core";
import { errnoOfIpvsadmMessage } from "../errors.ts";
import type { ApplyResult, DestStats, IpvsKernel, IpvsSnapshot, ServiceStats } from "../types.ts";
import { run } from "./run.ts";

export interface IpvsadmOptions {
  /** Path of the ipvsadm binary (default: found on PATH). */
  ipvsadm?: string;
}

function value<T>(r: ParseResult<T>, what: string): T {
  if (r.ok) return r.value;
  throw new Error(`${what}: ${r.errors.map((e) => e.message.en).join("; ")}`);
}

/**
 * The portable fallback: `ipvsadm -R` fed with the planned operations (core's renderPlanBatch),
 * and ipvsadm's own listings to read. One process per call, so it is slow at scale, but it works
 * wherever ipvsadm does.
 */
export class IpvsadmKernel implements IpvsKernel {
  readonly backend = "ipvsadm" as const;
  private readonly bin: string;

  constructor(opts: IpvsadmOptions = {}) {
    this.bin = opts.ipvsadm ?? "ipvsadm";
  }

  private async ipvsadm(args: string[], input?: string): Promise<string> {
    const r = await run(this.bin, args, input);
    if (r.code !== 0) throw new Error(`${this.bin} ${args.join(" ")}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return r.stdout;
  }

  /** `-S -n` has every setting but the thresholds, which `-Ln --thresholds` adds. */
  private async readTable(): Promise<IpvsState> {
    const [save, thr] = await Promise.all([this.ipvsadm(["-S", "-n"]), this.ipvsadm(["-L", "-n", "--thresholds"])]);
    const state = canonicalState(value(parseIpvsadmSave(save), "ipvsadm -S -n"));
    const listing = value(parseIpvsadmList(thr), "ipvsadm -Ln --thresholds");
    const byKey = new Map(listing.services.map((s) => [stateServiceKey(s), new Map(s.dests.map((d) => [stateDestKey(d), d]))]));
    for (const s of state.services) {
      const dests = byKey.get(stateServiceKey(s));
      for (const d of s.dests) {
        const l = dests?.get(stateDestKey(d));
        d.upperThreshold = l?.upperThreshold ?? 0;
        d.lowerThreshold = l?.lowerThreshold ?? 0;
      }
    }
    return state;
  }

  async read(): Promise<IpvsState> {
    const [state, timeouts] = await Promise.all([this.readTable(), this.readTimeouts()]);
    return { ...state, timeouts };
  }

  async readWithStats(): Promise<IpvsSnapshot> {
    const [state, stats, rate, conns] = await Promise.all([
      this.read(),
      this.ipvsadm(["-L", "-n", "--stats", "--exact"]),
      this.ipvsadm(["-L", "-n", "--rate", "--exact"]),
      this.ipvsadm(["-L", "-n"]),
    ]);
    const lists = [stats, rate, conns].map((t, i) => value(parseIpvsadmList(t), ["--stats", "--rate", "-Ln"][i]!));
    const index = lists.map((l) => new Map(l.services.map((s) => [stateServiceKey(s), s])));
    const zero = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
    const zeroRate = { cps: 0, inPps: 0, outPps: 0, inBps: 0, outBps: 0 };
    const out: ServiceStats[] = state.services.map((s) => {
      const key = stateServiceKey(s);
      const [st, rt, cn] = index.map((m) => m.get(key));
      const dests: DestStats[] = s.dests.map((d) => {
        const dk = stateDestKey(d);
        const find = (ls: typeof st) => ls?.dests.find((x) => stateDestKey(x) === dk);
        const c = find(cn);
        return {
          address: d.address,
          port: d.port,
          counters: find(st)?.counters ?? zero,
          rates: find(rt)?.rates ?? zeroRate,
          activeConns: c?.activeConns ?? 0,
          inactiveConns: c?.inactiveConns ?? 0,
          persistentConns: 0,
        };
      });
      return { key, counters: st?.counters ?? zero, rates: rt?.rates ?? zeroRate, dests };
    });
    return { state, stats: out };
  }

  async readTimeouts(): Promise<KernelTimeouts> {
    const text = await this.ipvsadm(["-L", "--timeout"]);
    const m = /Timeout \(tcp tcpfin udp\):\s*(\d+)\s+(\d+)\s+(\d+)/.exec(text);
    if (!m) throw new Error(`ipvsadm -L --timeout: unexpected output ${JSON.stringify(text.trim())}`);
    return { tcp: Number(m[1]), tcpFin: Number(m[2]), udp: Number(m[3]) };
  }

  /**
   * ipvsadm -R goes on after a line the kernel refuses, printing only the message, not the line.
   * So the table is read back and each operation checked for its effect: those without it are
   * the refused ones, matched in order with ipvsadm's messages.
   */
  async apply(ops: readonly Operation[]): Promise<ApplyResult> {
    if (ops.length === 0) return { ok: true, applied: [], errors: [], notAttempted: [], backend: this.backend };
    const r = await run(this.bin, ["-R"], renderPlanBatch(ops));
    const messages = r.stderr
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (r.code === 0 && messages.length === 0) return { ok: true, applied: ops.map((_, i) => i), errors: [], notAttempted: [], backend: this.backend };
    const refused = new Set<number>();
    if (ops.length === 1) refused.add(0);
    else {
      const after = await this.read();
      ops.forEach((op, i) => {
        if (!hasEffect(after, op)) refused.add(i);
      });
    }
    const applied = ops.map((_, i) => i).filter((i) => !refused.has(i));
    const errors = [...refused].map((index, n) => {
      const op = ops[index]!;
      const message = messages[n] ?? messages[messages.length - 1] ?? `ipvsadm -R exited ${r.code}`;
      return { index, op, errno: errnoOfIpvsadmMessage(op.kind, message), message };
    });
    if (errors.length === 0) {
      // ipvsadm complained but every effect is there (e.g. a later line undid an earlier one)
      const op = ops[0]!;
      errors.push({ index: 0, op, errno: 0, message: `${messages[0] ?? `exit ${r.code}`} (ipvsadm -R; the refused line could not be identified)` });
    }
    return { ok: false, applied, errors, notAttempted: [], backend: this.backend };
  }

  async close(): Promise<void> {}
}

/** Whether the table shows what the operation asked for. */
function hasEffect(t: IpvsState, op: Operation): boolean {
  if (op.kind === "set-timeouts") {
    const now = t.timeouts;
    return (
      !now ||
      ((op.timeouts.tcp === 0 || now.tcp === op.timeouts.tcp) &&
        (op.timeouts.tcpFin === 0 || now.tcpFin === op.timeouts.tcpFin) &&
        (op.timeouts.udp === 0 || now.udp === op.timeouts.udp))
    );
  }
  const key = stateServiceKey(op.service);
  const svc = t.services.find((s) => stateServiceKey(s) === key);
  switch (op.kind) {
    case "add-service":
    case "edit-service":
      return !!svc && sameServiceSettings(svc, op.service);
    case "delete-service":
      return !svc;
    case "add-dest":
    case "edit-dest":
    case "drain-dest": {
      const d = svc?.dests.find((x) => stateDestKey(x) === stateDestKey(op.dest));
      return !!d && sameDestSettings(d, op.dest);
    }
    case "delete-dest":
      return !svc?.dests.some((x) => stateDestKey(x) === stateDestKey(op.dest));
  }
}

/** True when this machine's ipvsadm can reach IPVS (the fallback's own availability check). */
export async function ipvsadmUsable(bin = "ipvsadm"): Promise<boolean> {
  try {
    return (await run(bin, ["-L", "-n"])).code === 0 || (await readFile("/proc/net/ip_vs", "utf8")).length > 0;
  } catch {
    return false;
  }
}
