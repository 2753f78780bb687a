import type { Cluster } from "../model/cluster.ts";
import type { KernelDest, KernelService, KernelTimeouts } from "../model/ipvs-state.ts";
import type { IpvsState } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";
import { prefixToMask } from "../model/address.ts";
import { desiredState } from "../desired/desired-state.ts";
import { ipvsadmDestOrder, ipvsadmServiceOrder } from "./order.ts";
import { AsciiWriter, putUint } from "./writer.ts";

export interface RenderOptions {
  /**
   * ipvsadm -S does not save real-server thresholds (-x/-y): a restore silently resets them to 0.
   * By default we append them when non-zero so `ipvsadm -R` restores them too (it accepts
   * them; checked on kernel 6.1). `exact: true` drops them like ipvsadm 1.31 does, and prints
   * fwmarks >= 2^31 signed as it does (text that ipvsadm -R then refuses).
   */
  exact?: boolean;
}

/**
 * How ipvsadm names a service on its command line: -t/-u/--sctp-service ADDR:PORT, -f MARK [-6].
 * ipvsadm -S prints a mark with %d: 4000000000 comes out as -294967296, and ipvsadm -R then
 * rejects the WHOLE batch ("invalid fwmark value"). We print it unsigned so the text restores,
 * unless `signedMark` asks for ipvsadm's exact text.
 */
export function serviceArg(s: ServiceKeyParts, signedMark = false): string {
  if (s.protocol === "fwmark") {
    const mark = signedMark ? (s.fwmark ?? 0) | 0 : (s.fwmark ?? 0);
    return s.family === "inet6" ? `-f ${mark} -6` : `-f ${mark}`;
  }
  const a = s.address ?? "";
  const opt = s.protocol === "tcp" ? "-t" : s.protocol === "udp" ? "-u" : "--sctp-service";
  return a.includes(":") ? `${opt} [${a}]:${s.port ?? 0}` : `${opt} ${a}:${s.port ?? 0}`;
}

/** Service options in ipvsadm -S order: -s, -p, -M, --pe, -o, -b. */
export function serviceOptions(s: Omit<KernelService, "dests">): string {
  const w = new AsciiWriter(128);
  writeServiceOptions(w, s);
  return w.toString();
}

/** Real-server options in ipvsadm -S order: forwarding, -w, tunnel; then -x/-y unless exact. */
export function destOptions(d: KernelDest, opts: RenderOptions = {}): string {
  const w = new AsciiWriter(128);
  writeDest(w, d, opts);
  return w.toString();
}

/**
 * The table as `ipvsadm -S -n` prints it (same order, options and spacing, checked against
 * captures from kernel 6.1 / ipvsadm 1.31), so `ipvsadm -R` restores it. Timeouts are not part of
 * -S; see renderIpvsadmTimeouts.
 */
export function renderIpvsadmSave(state: IpvsState, opts: RenderOptions = {}): string {
  const w = AsciiWriter.scratch();
  for (const s of ipvsadmServiceOrder(state.services)) {
    const svc = serviceArg(s, opts.exact);
    w.str("-A ").str(svc);
    writeServiceOptions(w, s);
    w.str("\n");
    writeDestLines(w, ipvsadmDestOrder(s.dests), `-a ${svc} -r `, opts);
  }
  return w.toString();
}

/**
 * The real-server lines of one service. This is the hot loop of a 100,000-line table, so the
 * common line (ASCII address, no tunnel options) is written straight into the writer's bytes;
 * anything else goes through writeDestAfterSwitch. Both produce the same text.
 */
function writeDestLines(w: AsciiWriter, dests: readonly KernelDest[], prefix: string, opts: RenderOptions): void {
  const plen = prefix.length;
  const asciiPrefix = isAscii(prefix);
  let start = -1;
  for (const d of dests) {
    const a = d.address;
    const b = d.forwarding === "tunnel" || !asciiPrefix || !plainNumbers(d) ? undefined : w.reserve(plen + a.length + 64);
    if (b === undefined) {
      w.str(prefix);
      writeDestAfterSwitch(w, d, opts);
      w.str("\n");
      continue;
    }
    let p = w.at();
    const lineStart = p;
    if (start < 0) {
      for (let i = 0; i < plen; i++) b[p++] = prefix.charCodeAt(i);
      start = lineStart;
    } else {
      b.copyWithin(p, start, start + plen);
      p += plen;
    }
    let plain = true;
    for (let i = 0; i < a.length; i++) {
      const c = a.charCodeAt(i);
      if (c > 127 || c === 58) plain = false;
      b[p++] = c;
    }
    if (!plain) {
      // IPv6 needs brackets and non-ASCII text the writer's slow path: redo this line there
      w.advance(lineStart);
      if (start === lineStart) start = -1;
      w.str(prefix);
      writeDestAfterSwitch(w, d, opts);
      w.str("\n");
      continue;
    }
    b[p++] = 58; // ":"
    p = putUint(b, p, d.port);
    const mid = d.forwarding === "masq" ? MASQ_W : ROUTE_W;
    for (let i = 0; i < mid.length; i++) b[p++] = mid[i]!;
    p = putUint(b, p, d.weight);
    if ((d.upperThreshold || d.lowerThreshold) && !opts.exact) {
      for (let i = 0; i < 4; i++) b[p++] = X_OPT[i]!;
      p = putUint(b, p, d.upperThreshold);
      for (let i = 0; i < 4; i++) b[p++] = Y_OPT[i]!;
      p = putUint(b, p, d.lowerThreshold);
    }
    b[p++] = 10; // "\n"
    w.advance(p);
  }
}

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const MASQ_W = bytes(" -m -w ");
const ROUTE_W = bytes(" -g -w ");
const X_OPT = bytes(" -x ");
const Y_OPT = bytes(" -y ");

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

const isInt31 = (v: number) => (v | 0) === v && v >= 0;
const plainNumbers = (d: KernelDest) => isInt31(d.port) && isInt31(d.weight) && isInt31(d.upperThreshold) && isInt31(d.lowerThreshold);

function writeServiceOptions(w: AsciiWriter, s: Omit<KernelService, "dests">): void {
  w.str(" -s ").str(s.scheduler);
  if (s.persistence !== undefined) {
    w.str(" -p ").num(s.persistence);
    const m = s.persistenceNetmask;
    if (s.family === "inet6") {
      if (m !== undefined && m !== 128) w.str(" -M ").num(m);
    } else if (m !== undefined && m !== 32) w.str(" -M ").str(prefixToMask(m));
    if (s.persistenceEngine) w.str(" --pe ").str(s.persistenceEngine);
  }
  if (s.onePacket) w.str(" -o");
  if (s.schedFlags.length) w.str(" -b ").str(s.schedFlags.join(","));
}

/** destOptions() into a writer, without intermediate strings (the hot loop of a large table). */
function writeDest(w: AsciiWriter, d: KernelDest, opts: RenderOptions): void {
  w.str(" -r ");
  writeDestAfterSwitch(w, d, opts);
}

// " -g -w " and friends as one piece: the real-server line's middle, in ipvsadm -S spacing.
const FWD_WEIGHT = { masq: " -m -w ", route: " -g -w ", tunnel: " -i -w " } as const;

/** A real server's options after " -r ": ADDR:PORT, forwarding, weight, tunnel, thresholds. */
function writeDestAfterSwitch(w: AsciiWriter, d: KernelDest, opts: RenderOptions): void {
  if (d.address.includes(":")) w.str("[").str(d.address).str("]:");
  else w.str(d.address).str(":");
  w.num(d.port).str(FWD_WEIGHT[d.forwarding]).num(d.weight);
  if (d.forwarding === "tunnel") {
    const type = d.tunnelType ?? "ipip";
    w.str(" --tun-type ").str(type);
    if (type === "gue") w.str(" --tun-port ").num(d.tunnelPort ?? 0);
    if (type !== "ipip") w.str(" --tun-").str(d.tunnelCsum ?? "nocsum");
  }
  if ((d.upperThreshold || d.lowerThreshold) && !opts.exact) w.str(" -x ").num(d.upperThreshold).str(" -y ").num(d.lowerThreshold);
}

/** `--set TCP TCPFIN UDP` (seconds; 0 keeps the kernel's value), a line `ipvsadm -R` accepts too. */
export function renderIpvsadmTimeouts(t: KernelTimeouts): string {
  return `--set ${t.tcp} ${t.tcpFin} ${t.udp}\n`;
}

/** One director's rules for a cluster: the -S text of its desired table, then the timeouts if any are set. */
export function renderIpvsadmRules(cluster: Cluster, opts: RenderOptions = {}): string {
  const state = desiredState(cluster);
  return renderIpvsadmSave(state, opts) + (state.timeouts ? renderIpvsadmTimeouts(state.timeouts) : "");
}
