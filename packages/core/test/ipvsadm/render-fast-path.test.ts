/**
 * renderIpvsadmSave writes the common real-server line straight into bytes and sorts IPv4 real
 * servers on scratch arrays; everything else takes the general path. These properties hold the
 * fast paths to the plain per-line functions and to a plain sort, on tables with IPv6, tunnels,
 * weights up to INT_MAX and thresholds, so the two paths can never print different text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { destOptions, ipvsadmDestOrder, ipvsadmServiceOrder, renderIpvsadmSave, serviceArg, serviceOptions, type IpvsState, type KernelDest } from "../../src/index.ts";
import { kernelState } from "../plan/state-arbitrary.ts";

function referenceText(state: IpvsState, exact: boolean): string {
  let out = "";
  for (const s of ipvsadmServiceOrder(state.services)) {
    out += `-A ${serviceArg(s, exact)}${serviceOptions(s)}\n`;
    for (const d of ipvsadmDestOrder(s.dests)) out += `-a ${serviceArg(s, exact)}${destOptions(d, { exact })}\n`;
  }
  return out;
}

/** libipvs ipvs_cmp_dests spelled out: 32-bit words compared as a wrapping C int, then the port. */
function words(address: string): number[] {
  if (!address.includes(":")) return [address.split(".").reduce((n, o) => n * 256 + Number(o), 0)];
  const [head, tail = ""] = address.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  const g = groups.map((x) => parseInt(x, 16));
  return [0, 1, 2, 3].map((i) => g[2 * i]! * 65536 + g[2 * i + 1]!);
}
function referenceOrder(dests: readonly KernelDest[]): KernelDest[] {
  return [...dests].sort((a, b) => {
    const wa = words(a.address);
    const wb = words(b.address);
    for (let i = 0; i < wa.length; i++) {
      const r = (wa[i]! - wb[i]!) | 0;
      if (r) return r;
    }
    return a.port - b.port;
  });
}

describe("renderIpvsadmSave fast paths", () => {
  it("print what the per-line functions print, exact or not", () => {
    fc.assert(
      fc.property(kernelState, fc.boolean(), (state, exact) => {
        expect(renderIpvsadmSave(state, { exact })).toBe(referenceText(state, exact));
      }),
      { numRuns: 300 },
    );
  });

  it("order real servers as a plain sort with ipvsadm's wrapping comparison does", () => {
    // addresses within half of the 32-bit circle, where that comparison is a total order (beyond
    // it ipvsadm's own order depends on the kernel's hash order; see order.ts)
    const v4 = fc.tuple(fc.integer({ min: 64, max: 191 }), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));
    const dest = fc.record({ address: v4, port: fc.nat(65535) });
    fc.assert(
      fc.property(fc.uniqueArray(dest, { selector: (d) => `${d.address}:${d.port}`, maxLength: 12 }), (ds) => {
        const dests = ds.map((d) => ({ ...d, forwarding: "route" as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 }));
        expect(ipvsadmDestOrder(dests)).toEqual(referenceOrder(dests));
      }),
      { numRuns: 500 },
    );
  });

  it("start over on the general path for a line it cannot write as bytes", () => {
    const base = { protocol: "tcp" as const, family: "inet" as const, address: "10.0.0.1", port: 80, scheduler: "wlc", schedFlags: [], onePacket: false };
    const rs = (address: string, extra: Partial<KernelDest> = {}): KernelDest => ({
      address,
      port: 80,
      forwarding: "route",
      weight: 1,
      upperThreshold: 0,
      lowerThreshold: 0,
      ...extra,
    });
    const state: IpvsState = {
      services: [
        { ...base, dests: [rs("10.0.0.2", { forwarding: "tunnel", tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "csum" }), rs("10.0.0.3"), rs("10.0.0.4", { weight: 1.5 })] },
        { ...base, address: "10.0.0.9", dests: [rs("10.0.0.5"), rs("10.0.0.6ü"), rs("10.0.0.7", { upperThreshold: 10, lowerThreshold: 5 })] },
      ],
    };
    expect(renderIpvsadmSave(state)).toBe(referenceText(state, false));
    expect(renderIpvsadmSave(state)).toContain("-a -t 10.0.0.9:80 -r 10.0.0.7:80 -g -w 1 -x 10 -y 5\n");
  });
});
