import ipaddr from "ipaddr.js";
import type { Message } from "../diagnostics.ts";
import type { Family } from "../model/enums.ts";

export interface HostPort {
  address: string;
  family: Family;
  /** Undefined when the text had no port (allowed for -r of fwmark services). */
  port: number | undefined;
}

const V4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Canonical address text and family, or undefined. IPv4 must be plain dotted decimal (what
 * inet_pton and ipvsadm accept); IPv6 goes through ipaddr.js once (RFC 5952 text). Not through
 * familyOf(): it tries IPv4 first, and ipaddr.js reports that failure with an exception, which
 * made every IPv6 address cost tens of microseconds.
 */
export function readAddress(text: string): { address: string; family: Family } | undefined {
  if (V4.test(text)) return { address: text, family: "inet" };
  if (!text.includes(":") || text.includes("%")) return undefined;
  try {
    // the model's canonical spelling (canonicalAddress); note inet_ntop would print an
    // IPv4-mapped address as ::ffff:1.2.3.4 where RFC 5952 text is ::ffff:102:304
    return { address: ipaddr.IPv6.parse(text).toRFC5952String(), family: "inet6" };
  } catch {
    return undefined;
  }
}

export type HostPortResult = { ok: true; value: HostPort } | { ok: false; message: Message; offset: number };

/**
 * "10.0.0.1:80", "[2001:db8::1]:80", or without ":port". Numeric only: ipvsadm -S -n and -Ln
 * never print names, and a name would need a resolver (core does no I/O).
 */
export function parseHostPort(text: string): HostPortResult {
  let host: string;
  let portText: string | undefined;
  let portOffset = 0;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return fail("missing ] after an IPv6 address", "IPv6 地址后缺少 ]", text.length);
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return fail(`expected ":port" after "]", found ${JSON.stringify(rest)}`, `"]" 后应为 ":端口"，实际为 ${JSON.stringify(rest)}`, close + 1);
      portText = rest.slice(1);
      portOffset = close + 2;
    }
    if (readAddress(host)?.family !== "inet6") return fail(`${JSON.stringify(host)} is not an IPv6 address`, `${JSON.stringify(host)} 不是 IPv6 地址`, 1);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon >= 0 && text.indexOf(":") !== colon) {
      return fail("an IPv6 address must be written in brackets, e.g. [2001:db8::1]:80", "IPv6 地址须写在方括号内，例如 [2001:db8::1]:80", 0);
    }
    host = colon >= 0 ? text.slice(0, colon) : text;
    if (colon >= 0) {
      portText = text.slice(colon + 1);
      portOffset = colon + 1;
    }
  }
  const addr = readAddress(host);
  if (!addr) {
    return /^[A-Za-z]/.test(host)
      ? fail(`${JSON.stringify(host)} is a host name; only numeric addresses are read (use ipvsadm -n)`, `${JSON.stringify(host)} 是主机名；只接受数字地址（请使用 ipvsadm -n）`, 0)
      : fail(`${JSON.stringify(host)} is not an IPv4 or IPv6 address`, `${JSON.stringify(host)} 不是 IPv4 或 IPv6 地址`, 0);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = parsePort(portText);
    if (port === undefined) {
      return /^[A-Za-z]/.test(portText)
        ? fail(
            `port ${JSON.stringify(portText)} is a service name; only numbers are read (use ipvsadm -n)`,
            `端口 ${JSON.stringify(portText)} 是服务名；只接受数字（请使用 ipvsadm -n）`,
            portOffset,
          )
        : fail(`port ${JSON.stringify(portText)} is not a number from 0 to 65535`, `端口 ${JSON.stringify(portText)} 不是 0 到 65535 之间的数字`, portOffset);
    }
  }
  return { ok: true, value: { address: addr.address, family: addr.family, port } };
}

function parsePort(s: string): number | undefined {
  if (s.length === 0 || s.length > 5) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n <= 65535 ? n : undefined;
}

function fail(en: string, zh: string, offset: number): HostPortResult {
  return { ok: false, message: { en, zh }, offset };
}

/** Canonical IPv4 text as a 32-bit unsigned number; -1 for text with anything but digits and dots (IPv6). */
export function ipv4ToNumber(a: string): number {
  let n = 0;
  let part = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + part;
      part = 0;
    } else if (c >= 48 && c <= 57) part = part * 10 + (c - 48);
    else return -1;
  }
  return n * 256 + part;
}

/** IPv6 as eight 16-bit groups (canonical text in, so no validation here). */
export function ipv6Groups(a: string): number[] {
  const dbl = a.indexOf("::");
  const parse = (s: string): number[] => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (g.includes(".")) {
        const v = ipv4ToNumber(g);
        out.push(Math.floor(v / 65536), v % 65536);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  if (dbl < 0) return parse(a);
  const head = parse(a.slice(0, dbl));
  const tail = parse(a.slice(dbl + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}
