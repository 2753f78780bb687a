import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";

/**
 * Where a webhook may not point: link-local (169.254.0.0/16 holds every cloud's metadata service,
 * fe80::/10), the unspecified and multicast ranges, Alibaba/Tencent-style metadata addresses, and
 * the console itself (its own port on loopback or on any of its own addresses).
 */
const blocked = new BlockList();
blocked.addSubnet("169.254.0.0", 16, "ipv4");
blocked.addSubnet("0.0.0.0", 8, "ipv4");
blocked.addSubnet("224.0.0.0", 4, "ipv4");
blocked.addAddress("100.100.100.200", "ipv4");
blocked.addSubnet("fe80::", 10, "ipv6");
blocked.addSubnet("ff00::", 8, "ipv6");
blocked.addAddress("::", "ipv6");
blocked.addAddress("fd00:ec2::254", "ipv6");

function consolePort(): number {
  const pub = process.env.SHOAL_PUBLIC_URL;
  if (pub) {
    try {
      const u = new URL(pub);
      if (u.port) return Number(u.port);
    } catch {
      /* ignored: fall back to the listening port */
    }
  }
  return Number(process.env.SHOAL_PORT ?? process.env.PORT ?? 3000);
}

function ownAddresses(): Set<string> {
  const s = new Set<string>(["127.0.0.1", "::1"]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) s.add(a.address);
  return s;
}

const mapped = (a: string) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/** Why this address may not be sent to, or null. */
export function refusedAddress(address: string, port: number): { en: string; zh: string } | null {
  const a = mapped(address);
  const fam = isIP(a) === 6 ? "ipv6" : "ipv4";
  if (blocked.check(a, fam)) return { en: `${a} is a link-local, metadata or otherwise reserved address`, zh: `${a} 是链路本地、元数据或保留地址` };
  if (a.startsWith("127.") || ownAddresses().has(a)) {
    if (port === consolePort()) return { en: `${a}:${port} is this console itself`, zh: `${a}:${port} 是本控制台自身` };
  }
  return null;
}

export class RefusedTarget extends Error {
  constructor(readonly why: { en: string; zh: string }) {
    super(why.en);
  }
}

export function urlPort(u: URL): number {
  return u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
}

/** At save time: scheme, credentials, and every address the name resolves to. */
export async function checkTargetUrl(raw: string): Promise<{ en: string; zh: string } | null> {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { en: "not a URL", zh: "不是 URL" };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return { en: "only http and https URLs", zh: "仅支持 http 和 https URL" };
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const port = urlPort(u);
  if (isIP(host)) return refusedAddress(host, port);
  try {
    const addrs = await new Promise<LookupAddress[]>((res, rej) => dnsLookup(host, { all: true }, (e, a) => (e ? rej(e) : res(a))));
    for (const a of addrs) {
      const why = refusedAddress(a.address, port);
      if (why) return { en: `${host} resolves to ${why.en}`, zh: `${host} 解析为 ${why.zh}` };
    }
  } catch (e) {
    return { en: `${host} does not resolve: ${(e as Error).message}`, zh: `${host} 无法解析：${(e as Error).message}` };
  }
  return null;
}

/**
 * A `lookup` for http.request that refuses a forbidden address at send time, on the address it
 * actually connects to (a name re-pointed after it was saved does not get through).
 */
export function guardedLookup(port: number) {
  return (hostname: string, options: { all?: boolean; family?: number }, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addrs) => {
      if (err) return cb(err, "", 4);
      for (const a of addrs) {
        const why = refusedAddress(a.address, port);
        if (why) return cb(new RefusedTarget({ en: `${hostname} resolves to ${why.en}`, zh: `${hostname} 解析为 ${why.zh}` }), "", 4);
      }
      if (options.all) return cb(null, addrs);
      cb(null, addrs[0]!.address, addrs[0]!.family);
    });
  };
}
