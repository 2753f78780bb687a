import type { ParseResult } from "../diagnostics.ts";
import { maskToPrefix } from "../model/address.ts";
import { isScheduler, unknownSchedulerMessage, type Family, type Forwarding, type SchedFlag, type TunnelCsum, type TunnelType } from "../model/enums.ts";
import type { KernelDest, KernelTimeouts } from "../model/ipvs-state.ts";
import type { ServiceKeyParts } from "../model/keys.ts";
import type { ServiceSpec } from "../plan/operations.ts";
import { parseHostPort, readAddress } from "./hostport.ts";
import { neverThrow, type Reporter } from "./report.ts";
import { parseIntIn, quote, splitLines, tokenize, type Token } from "./text.ts";

/** One line of an `ipvsadm -R` batch, as ipvsadm would execute it. `line` is 1-based. */
export type RestoreCommand =
  | { kind: "add-service" | "edit-service"; service: ServiceSpec; line: number }
  | { kind: "delete-service"; service: ServiceKeyParts; line: number }
  | { kind: "add-dest" | "edit-dest"; service: ServiceKeyParts; dest: KernelDest; line: number }
  | { kind: "delete-dest"; service: ServiceKeyParts; dest: { address: string; port: number }; line: number }
  | { kind: "set-timeouts"; timeouts: KernelTimeouts; line: number }
  | { kind: "clear"; line: number };

/** ipvsadm's MAX_TIMEOUT (31 days): the longest -p and --set value it takes. */
const MAX_TIMEOUT = 86400 * 31;
const INT_MAX = 2_147_483_647;

type Cmd = "A" | "E" | "D" | "a" | "e" | "d" | "C" | "set" | "unsupported";
const COMMANDS = new Map<string, Cmd>(
  Object.entries({
    "-A": "A",
    "--add-service": "A",
    "-E": "E",
    "--edit-service": "E",
    "-D": "D",
    "--delete-service": "D",
    "-a": "a",
    "--add-server": "a",
    "-e": "e",
    "--edit-server": "e",
    "-d": "d",
    "--delete-server": "d",
    "-C": "C",
    "--clear": "C",
    "--set": "set",
    "-Z": "unsupported",
    "--zero": "unsupported",
    "--start-daemon": "unsupported",
    "--stop-daemon": "unsupported",
    "-L": "unsupported",
    "-l": "unsupported",
    "--list": "unsupported",
    "-S": "unsupported",
    "--save": "unsupported",
  } satisfies Record<string, Cmd>),
);

/** Options and whether they take a value ("opt" = optional value, as popt's -p). */
type OptDef = { id: string; arg: "none" | "value" | "opt" };
const OPTIONS = new Map<string, OptDef>(
  Object.entries({
    "-t": { id: "t", arg: "value" },
    "--tcp-service": { id: "t", arg: "value" },
    "-u": { id: "u", arg: "value" },
    "--udp-service": { id: "u", arg: "value" },
    "--sctp-service": { id: "sctp", arg: "value" },
    "-f": { id: "f", arg: "value" },
    "--fwmark-service": { id: "f", arg: "value" },
    "-6": { id: "6", arg: "none" },
    "--ipv6": { id: "6", arg: "none" },
    "-s": { id: "s", arg: "value" },
    "--scheduler": { id: "s", arg: "value" },
    "-p": { id: "p", arg: "opt" },
    "--persistent": { id: "p", arg: "opt" },
    "-M": { id: "M", arg: "value" },
    "--netmask": { id: "M", arg: "value" },
    "--pe": { id: "pe", arg: "value" },
    "-o": { id: "o", arg: "none" },
    "--ops": { id: "o", arg: "none" },
    "-b": { id: "b", arg: "value" },
    "--sched-flags": { id: "b", arg: "value" },
    "-r": { id: "r", arg: "value" },
    "--real-server": { id: "r", arg: "value" },
    "-g": { id: "g", arg: "none" },
    "--gatewaying": { id: "g", arg: "none" },
    "-i": { id: "i", arg: "none" },
    "--ipip": { id: "i", arg: "none" },
    "-m": { id: "m", arg: "none" },
    "--masquerading": { id: "m", arg: "none" },
    "-w": { id: "w", arg: "value" },
    "--weight": { id: "w", arg: "value" },
    "-x": { id: "x", arg: "value" },
    "--u-threshold": { id: "x", arg: "value" },
    "-y": { id: "y", arg: "value" },
    "--l-threshold": { id: "y", arg: "value" },
    "--tun-type": { id: "tun-type", arg: "value" },
    "--tun-port": { id: "tun-port", arg: "value" },
    "--tun-nocsum": { id: "tun-nocsum", arg: "none" },
    "--tun-csum": { id: "tun-csum", arg: "none" },
    "--tun-remcsum": { id: "tun-remcsum", arg: "none" },
    "-n": { id: "n", arg: "none" },
    "--numeric": { id: "n", arg: "none" },
  } satisfies Record<string, OptDef>),
);

const SERVICE_OPTS = new Set(["s", "p", "M", "pe", "o", "b"]);
const DEST_OPTS = new Set(["r", "g", "i", "m", "w", "x", "y", "tun-type", "tun-port", "tun-nocsum", "tun-csum", "tun-remcsum"]);
const CMD_NAME: Record<Cmd, string> = { A: "-A", E: "-E", D: "-D", a: "-a", e: "-e", d: "-d", C: "-C", set: "--set", unsupported: "?" };

interface Opt {
  id: string;
  flag: Token;
  value: Token | undefined;
}

/**
 * Reads an `ipvsadm -R` batch (what `ipvsadm -S` writes, plus -E/-e/-D/-d/-C/--set) into
 * commands, checking what ipvsadm 1.31 checks before it talks to the kernel. Never throws.
 * Kernel 6.1 facts: `ipvsadm -R` takes --set lines; it REJECTS the whole batch on a "#" comment
 * line (so comments are read here with a warning); a failing line (e.g. "Service not defined")
 * is reported and the next lines still run, and the exit status is still 0.
 */
export function parseIpvsadmRestore(text: string): ParseResult<RestoreCommand[]> {
  return neverThrow((r) => restoreCommands(text, r));
}

/** The commands of every line that reads; a bad line is reported to `r` and left out, as ipvsadm -R does. */
export function restoreCommands(text: string, r: Reporter): RestoreCommand[] {
  const out: RestoreCommand[] = [];
  const lines = splitLines(String(text));
  const cache: ServiceCache = { text: "", six: false, key: undefined };
  for (let i = 0; i < lines.length; i++) {
    const cmd = fastDestLine(lines[i]!, i + 1, cache) ?? parseLine(lines[i]!, i + 1, r, cache);
    if (cmd) out.push(cmd);
  }
  return out;
}

const FAST_DEST = /^-a (-t|-u|--sctp-service) (\S+) -r (\S+) -([gmi]) -w (\d{1,10})(?: -x (\d{1,10}) -y (\d{1,10}))?$/;
const FAST_SERVICE_ID: Record<string, string> = { "-t": "t", "-u": "u", "--sctp-service": "sctp" };
const FAST_FORWARDING = { g: "route", m: "masq", i: "tunnel" } as const;

/**
 * The shape of nearly every line of a large `ipvsadm -S` file, read without the general option
 * machinery: "-a -t VIP:PORT -r RIP:PORT -g -w 1" for the service of the line before. Anything
 * else, or anything the general reader would warn about, returns undefined and takes the
 * general path, so both paths give the same result.
 */
function fastDestLine(line: string, ln: number, cache: ServiceCache): RestoreCommand | undefined {
  if (!cache.key || line.charCodeAt(1) !== 97 /* a */) return undefined;
  const m = FAST_DEST.exec(line);
  if (!m || cache.six || cache.text !== `${FAST_SERVICE_ID[m[1]!]} ${m[2]}`) return undefined;
  const hp = parseHostPort(m[3]!);
  const weight = Number(m[5]);
  const upper = m[6] === undefined ? 0 : Number(m[6]);
  const lower = m[7] === undefined ? 0 : Number(m[7]);
  if (!hp.ok || hp.value.port === undefined || hp.value.family !== cache.key.family || weight > INT_MAX || upper > INT_MAX || lower > INT_MAX) return undefined;
  const forwarding = FAST_FORWARDING[m[4] as "g" | "m" | "i"];
  if (forwarding !== "masq" && hp.value.port !== cache.key.port) return undefined;
  const dest: KernelDest = { address: hp.value.address, port: hp.value.port, forwarding, weight, upperThreshold: upper, lowerThreshold: lower };
  return { kind: "add-dest", service: cache.key, dest, line: ln };
}

/** The last service read: ipvsadm -S names the same service on each of its -a lines. */
interface ServiceCache {
  text: string;
  six: boolean;
  key: ServiceKeyParts | undefined;
}

function parseLine(line: string, ln: number, r: Reporter, cache: ServiceCache): RestoreCommand | undefined {
  const tokens = tokenize(line);
  if (tokens.length === 0) return undefined;
  if (tokens[0]!.text.startsWith("#")) {
    r.warn(
      "ipvsadm.comment",
      {
        en: "comment line: ipvsadm -R rejects the whole batch on it (read here, but remove it before a restore)",
        zh: "注释行：ipvsadm -R 遇到它会拒绝整批（此处可读，恢复前请删除）",
      },
      ln,
      tokens[0]!.column,
    );
    return undefined;
  }
  let cmd: Cmd | undefined;
  let cmdTok: Token | undefined;
  const opts = new Map<string, Opt>();
  const setArgs: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    let flag = tok.text;
    let inline: string | undefined;
    const eq = flag.startsWith("--") ? flag.indexOf("=") : -1;
    if (eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else if (flag.length > 2 && flag.charCodeAt(0) === 45 && flag.charCodeAt(1) !== 45 && (OPTIONS.get(flag.slice(0, 2))?.arg ?? "none") !== "none") {
      // popt's "-w3" form
      inline = flag.slice(2);
      flag = flag.slice(0, 2);
    }
    const c = COMMANDS.get(flag);
    if (c) {
      if (cmd) {
        r.error(
          "ipvsadm.two-commands",
          { en: `a second command ${quote(flag)} on one line (already ${CMD_NAME[cmd]})`, zh: `一行中出现第二个命令 ${quote(flag)}（已有 ${CMD_NAME[cmd]}）` },
          ln,
          tok.column,
        );
        return undefined;
      }
      cmd = c;
      cmdTok = tok;
      if (c === "set") {
        for (let k = 0; k < 3 && i + 1 < tokens.length && /^\d/.test(tokens[i + 1]!.text); k++) setArgs.push(tokens[++i]!);
      }
      continue;
    }
    const def = OPTIONS.get(flag);
    if (!def) {
      r.error("ipvsadm.unknown-option", { en: `unknown option ${quote(tok.text)}`, zh: `未知选项 ${quote(tok.text)}` }, ln, tok.column);
      return undefined;
    }
    if (opts.has(def.id)) {
      r.error("ipvsadm.repeated-option", { en: `option ${quote(flag)} given twice`, zh: `选项 ${quote(flag)} 重复出现` }, ln, tok.column);
      return undefined;
    }
    const o: Opt = { id: def.id, flag: tok, value: undefined };
    if (def.arg !== "none") {
      if (inline !== undefined) o.value = { text: inline, column: tok.column + tok.text.length - inline.length };
      else {
        const next = tokens[i + 1];
        if (next && (def.arg === "value" || !next.text.startsWith("-"))) {
          o.value = next;
          i++;
        } else if (def.arg === "value") {
          r.error("ipvsadm.missing-value", { en: `option ${quote(flag)} needs a value`, zh: `选项 ${quote(flag)} 需要一个值` }, ln, tok.column + tok.text.length);
          return undefined;
        }
      }
    }
    opts.set(def.id, o);
  }
  if (!cmd || !cmdTok) {
    r.error(
      "ipvsadm.no-command",
      { en: "expected a command: -A, -E, -D, -a, -e, -d, -C or --set", zh: "缺少命令：应为 -A、-E、-D、-a、-e、-d、-C 或 --set" },
      ln,
      tokens[0]!.column,
    );
    return undefined;
  }
  if (cmd === "unsupported") {
    r.warn(
      "ipvsadm.unsupported-command",
      { en: `command ${quote(cmdTok.text)} does not change the table; line ignored`, zh: `命令 ${quote(cmdTok.text)} 不修改规则表；已忽略该行` },
      ln,
      cmdTok.column,
    );
    return undefined;
  }
  if (cmd === "C") {
    if (opts.size) return illegal(r, ln, cmd, [...opts.values()][0]!);
    return { kind: "clear", line: ln };
  }
  if (cmd === "set") return parseSet(r, ln, cmdTok, setArgs, opts);

  const svc = readServiceCached(r, ln, cmdTok, opts, cache);
  if (!svc) return undefined;
  for (const o of opts.values()) {
    if (o.id === "t" || o.id === "u" || o.id === "sctp" || o.id === "f" || o.id === "6" || o.id === "n") continue;
    const ok = cmd === "A" || cmd === "E" ? SERVICE_OPTS.has(o.id) : cmd === "a" || cmd === "e" ? DEST_OPTS.has(o.id) : cmd === "d" ? o.id === "r" : false;
    if (!ok) return illegal(r, ln, cmd, o);
  }
  if (cmd === "D") return { kind: "delete-service", service: svc.key, line: ln };
  if (cmd === "A" || cmd === "E") {
    const spec = readServiceSpec(r, ln, svc.key, svc.tok, opts);
    return spec && { kind: cmd === "A" ? "add-service" : "edit-service", service: spec, line: ln };
  }
  const rOpt = opts.get("r");
  if (!rOpt?.value) {
    r.error("ipvsadm.missing-real-server", { en: `${CMD_NAME[cmd]} needs -r ADDRESS:PORT`, zh: `${CMD_NAME[cmd]} 需要 -r 地址:端口` }, ln, cmdTok.column);
    return undefined;
  }
  const hp = parseHostPort(rOpt.value.text);
  if (!hp.ok) {
    r.error("ipvsadm.bad-address", hp.message, ln, rOpt.value.column + hp.offset);
    return undefined;
  }
  let port = hp.value.port ?? svc.key.port ?? 0;
  if (cmd === "d") return { kind: "delete-dest", service: svc.key, dest: { address: hp.value.address, port }, line: ln };

  if ((opts.has("g") ? 1 : 0) + (opts.has("i") ? 1 : 0) + (opts.has("m") ? 1 : 0) > 1) {
    const second = [opts.get("g"), opts.get("i"), opts.get("m")].filter((o): o is Opt => !!o).sort((a, b) => a.flag.column - b.flag.column)[1]!;
    r.error("ipvsadm.two-methods", { en: "more than one forwarding method (-g, -i, -m)", zh: "指定了多个转发方式（-g、-i、-m）" }, ln, second.flag.column);
    return undefined;
  }
  const forwarding: Forwarding = opts.has("m") ? "masq" : opts.has("i") ? "tunnel" : "route";
  if (hp.value.family !== svc.key.family && forwarding !== "tunnel") {
    r.error(
      "ipvsadm.family-mismatch",
      { en: "a real server of another address family is allowed only with tunnelling (-i)", zh: "只有隧道方式（-i）允许真实服务器使用不同的地址族" },
      ln,
      rOpt.value.column,
    );
    return undefined;
  }
  if (svc.key.protocol !== "fwmark" && forwarding !== "masq" && port !== svc.key.port) {
    r.warn(
      "ipvsadm.port-forced",
      {
        en: `-g/-i cannot map ports: ipvsadm uses the service port ${svc.key.port} instead of ${port}`,
        zh: `-g/-i 不能映射端口：ipvsadm 会改用服务端口 ${svc.key.port}（而非 ${port}）`,
      },
      ln,
      rOpt.value.column,
    );
    port = svc.key.port ?? 0;
  }
  const dest: KernelDest = { address: hp.value.address, port, forwarding, weight: 1, upperThreshold: 0, lowerThreshold: 0 };
  for (const [id, field] of NUMERIC_DEST_OPTS) {
    const o = opts.get(id);
    if (!o) continue;
    const n = o.value ? parseIntIn(o.value.text, 0, INT_MAX) : undefined;
    if (n === undefined) {
      r.error(
        "ipvsadm.bad-number",
        {
          en: `${o.flag.text} needs a whole number from 0 to ${INT_MAX}, found ${quote(o.value?.text ?? "")}`,
          zh: `${o.flag.text} 需要 0 到 ${INT_MAX} 之间的整数，实际为 ${quote(o.value?.text ?? "")}`,
        },
        ln,
        (o.value ?? o.flag).column,
      );
      return undefined;
    }
    dest[field] = n;
  }
  if (!readTunnel(r, ln, opts, dest)) return undefined;
  return { kind: cmd === "a" ? "add-dest" : "edit-dest", service: svc.key, dest, line: ln };
}

const NUMERIC_DEST_OPTS = [
  ["w", "weight"],
  ["x", "upperThreshold"],
  ["y", "lowerThreshold"],
] as const;
const TUNNEL_OPTS = ["tun-type", "tun-port", "tun-nocsum", "tun-csum", "tun-remcsum"] as const;

function illegal(r: Reporter, ln: number, cmd: Cmd, o: Opt): undefined {
  r.error(
    "ipvsadm.illegal-option",
    { en: `option ${quote(o.flag.text)} is not allowed with ${CMD_NAME[cmd]}`, zh: `选项 ${quote(o.flag.text)} 不能与 ${CMD_NAME[cmd]} 一起使用` },
    ln,
    o.flag.column,
  );
  return undefined;
}

function parseSet(r: Reporter, ln: number, cmdTok: Token, args: Token[], opts: Map<string, Opt>): RestoreCommand | undefined {
  if (opts.size) return illegal(r, ln, "set", [...opts.values()][0]!);
  if (args.length !== 3) {
    r.error(
      "ipvsadm.set-args",
      { en: "--set needs three numbers: tcp tcpfin udp (seconds)", zh: "--set 需要三个数字：tcp tcpfin udp（秒）" },
      ln,
      cmdTok.column + cmdTok.text.length,
    );
    return undefined;
  }
  const v: number[] = [];
  for (const a of args) {
    const n = parseIntIn(a.text, 0, MAX_TIMEOUT);
    if (n === undefined) {
      r.error(
        "ipvsadm.bad-timeout",
        { en: `timeout ${quote(a.text)} is not a whole number of seconds from 0 to ${MAX_TIMEOUT}`, zh: `超时 ${quote(a.text)} 不是 0 到 ${MAX_TIMEOUT} 之间的整数秒` },
        ln,
        a.column,
      );
      return undefined;
    }
    v.push(n);
  }
  return { kind: "set-timeouts", timeouts: { tcp: v[0]!, tcpFin: v[1]!, udp: v[2]! }, line: ln };
}

const SERVICE_IDS = ["t", "u", "sctp", "f"] as const;

function readServiceCached(r: Reporter, ln: number, cmdTok: Token, opts: Map<string, Opt>, cache: ServiceCache): { key: ServiceKeyParts; tok: Token } | undefined {
  let o: Opt | undefined;
  let count = 0;
  for (const id of SERVICE_IDS) {
    const x = opts.get(id);
    if (x) {
      o = x;
      count++;
    }
  }
  const text = count === 1 && o?.value ? `${o.id} ${o.value.text}` : "";
  const six = opts.has("6");
  if (text && cache.key && cache.text === text && cache.six === six) return { key: cache.key, tok: o!.value! };
  const svc = readService(r, ln, cmdTok, opts);
  cache.text = svc ? text : "";
  cache.six = six;
  cache.key = svc?.key;
  return svc;
}

function readService(r: Reporter, ln: number, cmdTok: Token, opts: Map<string, Opt>): { key: ServiceKeyParts; tok: Token } | undefined {
  const kinds = SERVICE_IDS.filter((id) => opts.has(id));
  if (kinds.length === 0) {
    r.error(
      "ipvsadm.missing-service",
      { en: "a virtual service is needed: -t, -u, --sctp-service ADDRESS:PORT or -f MARK", zh: "需要指定虚拟服务：-t、-u、--sctp-service 地址:端口 或 -f 标记" },
      ln,
      cmdTok.column,
    );
    return undefined;
  }
  if (kinds.length > 1) {
    r.error("ipvsadm.two-services", { en: "more than one virtual service on one line", zh: "一行中指定了多个虚拟服务" }, ln, opts.get(kinds[1]!)!.flag.column);
    return undefined;
  }
  const o = opts.get(kinds[0]!)!;
  const v = o.value!;
  const six = opts.get("6");
  if (o.id === "f") {
    // ipvsadm -S prints marks with %d, so a mark >= 2^31 appears negative; read it back as unsigned.
    let mark = /^-\d{1,10}$/.test(v.text) ? Number(v.text) : parseIntIn(v.text, 1, 4_294_967_295);
    if (mark !== undefined && mark < 0) {
      if (mark < -2_147_483_648) mark = undefined;
      else {
        r.warn(
          "ipvsadm.negative-fwmark",
          {
            en: `fwmark ${v.text} read as ${mark + 4_294_967_296} (ipvsadm -S prints marks signed; ipvsadm -R refuses them)`,
            zh: `防火墙标记 ${v.text} 按 ${mark + 4_294_967_296} 读取（ipvsadm -S 以有符号数打印；ipvsadm -R 不接受）`,
          },
          ln,
          v.column,
        );
        mark += 4_294_967_296;
      }
    }
    if (mark === undefined || mark === 0) {
      r.error(
        "ipvsadm.bad-fwmark",
        { en: `fwmark ${quote(v.text)} is not a number from 1 to 4294967295`, zh: `防火墙标记 ${quote(v.text)} 不是 1 到 4294967295 之间的数字` },
        ln,
        v.column,
      );
      return undefined;
    }
    return { key: { protocol: "fwmark", family: six ? "inet6" : "inet", fwmark: mark }, tok: v };
  }
  const hp = parseHostPort(v.text);
  if (!hp.ok) {
    r.error("ipvsadm.bad-address", hp.message, ln, v.column + hp.offset);
    return undefined;
  }
  if (hp.value.port === undefined) {
    r.error("ipvsadm.missing-port", { en: `${quote(v.text)} has no port; write ADDRESS:PORT`, zh: `${quote(v.text)} 缺少端口；应写作 地址:端口` }, ln, v.column + v.text.length);
    return undefined;
  }
  if (six && hp.value.family !== "inet6") {
    r.warn("ipvsadm.ignored-ipv6-flag", { en: "-6 has no effect on an IPv4 address", zh: "-6 对 IPv4 地址无效" }, ln, six.flag.column);
  }
  const protocol = o.id === "t" ? "tcp" : o.id === "u" ? "udp" : "sctp";
  return { key: { protocol, family: hp.value.family, address: hp.value.address, port: hp.value.port }, tok: v };
}

function readServiceSpec(r: Reporter, ln: number, key: ServiceKeyParts, svcTok: Token, opts: Map<string, Opt>): ServiceSpec | undefined {
  const spec: ServiceSpec = { ...key, scheduler: "wlc", schedFlags: [], onePacket: false };
  const s = opts.get("s");
  if (s?.value) {
    spec.scheduler = s.value.text;
    if (!isScheduler(s.value.text)) {
      // ipvsadm -R would have the kernel refuse this service ("Scheduler not found") and then
      // every real server of it: an error, as keepalived's lvs_sched, never a guessed wlc.
      r.error("ipvsadm.unknown-scheduler", unknownSchedulerMessage(s.value.text), ln, s.value.column);
      return undefined;
    }
  }
  const p = opts.get("p");
  if (p) {
    const n = p.value ? parseIntIn(p.value.text, 1, MAX_TIMEOUT) : 360;
    if (n === undefined) {
      r.error(
        "ipvsadm.bad-persistence",
        {
          en: `persistence timeout ${quote(p.value?.text ?? "")} is not a whole number of seconds from 1 to ${MAX_TIMEOUT}`,
          zh: `持久连接超时 ${quote(p.value?.text ?? "")} 不是 1 到 ${MAX_TIMEOUT} 之间的整数秒`,
        },
        ln,
        (p.value ?? p.flag).column,
      );
      return undefined;
    }
    spec.persistence = n;
  }
  const m = opts.get("M");
  if (m?.value) {
    const prefix = readNetmask(key.family, m.value.text);
    if (prefix === undefined) {
      r.error(
        "ipvsadm.bad-netmask",
        key.family === "inet6"
          ? {
              en: `netmask ${quote(m.value.text)} of an IPv6 service must be a prefix length from 1 to 128`,
              zh: `IPv6 服务的掩码 ${quote(m.value.text)} 必须是 1 到 128 的前缀长度`,
            }
          : { en: `netmask ${quote(m.value.text)} is not a contiguous dotted mask like 255.255.255.0`, zh: `掩码 ${quote(m.value.text)} 不是 255.255.255.0 这样的连续点分掩码` },
        ln,
        m.value.column,
      );
      return undefined;
    }
    if (spec.persistence === undefined) {
      r.warn(
        "ipvsadm.netmask-without-persistence",
        { en: "-M without -p has no effect (the kernel keeps it, ipvsadm never shows it)", zh: "未指定 -p 时 -M 无效（内核保留该值，但 ipvsadm 不显示）" },
        ln,
        m.flag.column,
      );
    } else if (prefix !== (key.family === "inet6" ? 128 : 32)) spec.persistenceNetmask = prefix;
  }
  const pe = opts.get("pe");
  if (pe?.value) {
    if (pe.value.text !== "sip") {
      r.error(
        "ipvsadm.bad-pe",
        { en: `persistence engine ${quote(pe.value.text)} is unknown (the kernel has "sip")`, zh: `持久化引擎 ${quote(pe.value.text)} 未知（内核只有 "sip"）` },
        ln,
        pe.value.column,
      );
      return undefined;
    }
    if (spec.persistence === undefined) {
      r.warn("ipvsadm.pe-without-persistence", { en: "--pe without -p has no effect", zh: "未指定 -p 时 --pe 无效" }, ln, pe.flag.column);
    } else spec.persistenceEngine = "sip";
  }
  const o = opts.get("o");
  if (o) {
    if (key.protocol === "tcp" || key.protocol === "sctp") {
      r.error(
        "ipvsadm.ops-not-udp",
        { en: "one-packet scheduling (-o) is only for UDP (and fwmark) services", zh: "单包调度（-o）只能用于 UDP（及防火墙标记）服务" },
        ln,
        o.flag.column,
      );
      return undefined;
    }
    spec.onePacket = true;
  }
  const b = opts.get("b");
  if (b?.value) {
    const flags = readSchedFlags(r, ln, spec.scheduler, b.value);
    if (!flags) return undefined;
    spec.schedFlags = flags;
  }
  if (key.protocol !== "fwmark" && key.port === 0 && spec.persistence === undefined) {
    r.error("ipvsadm.zero-port", { en: "port 0 (all ports) needs a persistent service (-p)", zh: "端口 0（所有端口）需要持久服务（-p）" }, ln, svcTok.column);
    return undefined;
  }
  return spec;
}

function readNetmask(family: Family, text: string): number | undefined {
  if (family === "inet6") return parseIntIn(text, 1, 128);
  return readAddress(text)?.family === "inet" ? maskToPrefix(text) : undefined;
}

function readSchedFlags(r: Reporter, ln: number, scheduler: string, tok: Token): SchedFlag[] | undefined {
  const out = new Set<SchedFlag>();
  let col = tok.column;
  for (const f of tok.text.split(",")) {
    const generic = /^flag-([123])$/.exec(f);
    if (generic) {
      const n = Number(generic[1]);
      const named = scheduler === "sh" || scheduler === "mh" ? ([`${scheduler}-fallback`, `${scheduler}-port`][n - 1] as SchedFlag | undefined) : undefined;
      if (named) out.add(named);
      else
        r.warn(
          "ipvsadm.unmodelled-flag",
          { en: `scheduler flag ${quote(f)} has no meaning for ${scheduler} and is not kept`, zh: `调度标志 ${quote(f)} 对 ${scheduler} 无意义，未保留` },
          ln,
          col,
        );
    } else if (f === "sh-fallback" || f === "sh-port" || f === "mh-fallback" || f === "mh-port") {
      if (!f.startsWith(`${scheduler}-`)) {
        r.error(
          "ipvsadm.incompatible-flag",
          { en: `scheduler flag ${quote(f)} does not fit scheduler ${quote(scheduler)}`, zh: `调度标志 ${quote(f)} 与调度算法 ${quote(scheduler)} 不匹配` },
          ln,
          col,
        );
        return undefined;
      }
      out.add(f);
    } else {
      r.error(
        "ipvsadm.bad-flag",
        {
          en: `unknown scheduler flag ${quote(f)} (sh-fallback, sh-port, mh-fallback, mh-port)`,
          zh: `未知调度标志 ${quote(f)}（可用 sh-fallback、sh-port、mh-fallback、mh-port）`,
        },
        ln,
        col,
      );
      return undefined;
    }
    col += f.length + 1;
  }
  return [...out].sort();
}

function readTunnel(r: Reporter, ln: number, opts: Map<string, Opt>, dest: KernelDest): boolean {
  if (dest.forwarding !== "tunnel" && !TUNNEL_OPTS.some((id) => opts.has(id))) return true;
  const tunOpts = TUNNEL_OPTS.map((id) => opts.get(id)).filter((o): o is Opt => !!o);
  if (!tunOpts.length) return true;
  if (dest.forwarding !== "tunnel") {
    r.error("ipvsadm.tunnel-option", { en: "tunnel options need tunnelling (-i)", zh: "隧道选项需要隧道转发方式（-i）" }, ln, tunOpts[0]!.flag.column);
    return false;
  }
  const t = opts.get("tun-type");
  const type = (t?.value?.text ?? "ipip") as TunnelType;
  if (type !== "ipip" && type !== "gue" && type !== "gre") {
    r.error("ipvsadm.bad-tunnel-type", { en: `tunnel type ${quote(type)} is not ipip, gue or gre`, zh: `隧道类型 ${quote(type)} 不是 ipip、gue 或 gre` }, ln, t!.value!.column);
    return false;
  }
  const csums = (["tun-nocsum", "tun-csum", "tun-remcsum"] as const).filter((id) => opts.has(id));
  const port = opts.get("tun-port");
  const bad = (o: Opt): boolean => {
    r.error("ipvsadm.tunnel-option-type", { en: `${o.flag.text} is not allowed with tunnel type ${type}`, zh: `隧道类型 ${type} 不允许 ${o.flag.text}` }, ln, o.flag.column);
    return false;
  };
  if (type === "ipip") {
    if (port) return bad(port);
    if (csums.length) return bad(opts.get(csums[0]!)!);
    return true;
  }
  if (csums.length > 1) {
    r.error(
      "ipvsadm.two-csums",
      { en: "only one of --tun-nocsum, --tun-csum, --tun-remcsum", zh: "--tun-nocsum、--tun-csum、--tun-remcsum 只能选一个" },
      ln,
      opts.get(csums[1]!)!.flag.column,
    );
    return false;
  }
  if (type === "gre") {
    if (port) return bad(port);
    if (csums[0] === "tun-remcsum") return bad(opts.get("tun-remcsum")!);
  } else {
    const n = port?.value ? parseIntIn(port.value.text, 1, 65535) : undefined;
    if (n === undefined) {
      r.error("ipvsadm.tunnel-port", { en: "gue tunnels need --tun-port from 1 to 65535", zh: "gue 隧道需要 --tun-port（1 到 65535）" }, ln, (port?.value ?? t!.flag).column);
      return false;
    }
    dest.tunnelPort = n;
  }
  dest.tunnelType = type;
  dest.tunnelCsum = (csums[0]?.slice(4) ?? "nocsum") as TunnelCsum;
  return true;
}
