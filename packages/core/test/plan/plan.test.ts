import { describe, expect, it } from "vitest";
import { applyOperations, ApplyError, plan, renderPlanBatch, type IpvsState, type KernelService } from "../../src/index.ts";

const svc = (over: Partial<KernelService> = {}): KernelService => ({
  protocol: "tcp",
  family: "inet",
  address: "10.0.0.1",
  port: 80,
  scheduler: "wlc",
  schedFlags: [],
  onePacket: false,
  dests: [
    { address: "10.0.1.1", port: 80, forwarding: "route", weight: 1, upperThreshold: 0, lowerThreshold: 0 },
    { address: "10.0.1.2", port: 80, forwarding: "route", weight: 1, upperThreshold: 0, lowerThreshold: 0 },
  ],
  ...over,
});
const state = (...services: KernelService[]): IpvsState => ({ services });

describe("plan: least disruption", () => {
  it("nothing to do when the kernel already matches", () => {
    expect(plan(state(svc()), state(svc()))).toEqual([]);
  });

  it("a weight change is one in-place edit", () => {
    const want = svc();
    want.dests[1] = { ...want.dests[1]!, weight: 5 };
    const ops = plan(state(svc()), state(want));
    expect(ops.map((o) => o.kind)).toEqual(["edit-dest"]);
    expect(renderPlanBatch(ops)).toBe("-e -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 5\n");
  });

  it("scheduler, persistence and flags change in place (-E), never delete + add", () => {
    const ops = plan(state(svc()), state(svc({ scheduler: "sh", schedFlags: ["sh-port"], persistence: 300, persistenceNetmask: 24 })));
    expect(ops.map((o) => o.kind)).toEqual(["edit-service"]);
    expect(renderPlanBatch(ops)).toBe("-E -t 10.0.0.1:80 -s sh -p 300 -M 255.255.255.0 -b sh-port\n");
  });

  it("forwarding method, thresholds and tunnel change in place (-e), with every setting restated", () => {
    const want = svc();
    want.dests[0] = { ...want.dests[0]!, forwarding: "tunnel", tunnelType: "gue", tunnelPort: 6080, tunnelCsum: "csum", upperThreshold: 100, lowerThreshold: 10 };
    const ops = plan(state(svc()), state(want));
    expect(renderPlanBatch(ops)).toBe("-e -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum -x 100 -y 10\n");
  });

  it("adds before it removes, in a deterministic order", () => {
    const want = svc({ dests: [{ address: "10.0.1.3", port: 80, forwarding: "route", weight: 1, upperThreshold: 0, lowerThreshold: 0 }, svc().dests[0]!] });
    const ops = plan(state(svc()), state(want));
    expect(renderPlanBatch(ops)).toBe("-a -t 10.0.0.1:80 -r 10.0.1.3:80 -g -w 1\n-d -t 10.0.0.1:80 -r 10.0.1.2:80\n");
  });

  it("drains first when asked, and deletes only what the caller releases", () => {
    const want = svc({ dests: [svc().dests[0]!] });
    const drain = plan(state(svc()), state(want), { drain: true });
    expect(drain).toEqual([
      { kind: "drain-dest", service: { protocol: "tcp", family: "inet", address: "10.0.0.1", port: 80 }, dest: { ...svc().dests[1]!, weight: 0 }, before: svc().dests[1]! },
    ]);
    const drained = applyOperations(state(svc()), drain);
    expect(plan(drained, state(want), { drain: true })).toEqual([]); // waiting: nothing more to do
    const released = plan(drained, state(want), { drain: true, mayDelete: (sk, dk) => sk === "tcp 10.0.0.1:80" && dk === "10.0.1.2:80" });
    expect(renderPlanBatch(released)).toBe("-d -t 10.0.0.1:80 -r 10.0.1.2:80\n");
  });

  it("a removed service is drained whole, then deleted once all its real servers are released", () => {
    const other = svc({ address: "10.0.0.9" });
    const first = plan(state(svc(), other), state(svc()), { drain: true });
    expect(first.map((o) => o.kind)).toEqual(["drain-dest", "drain-dest"]);
    const second = plan(applyOperations(state(svc(), other), first), state(svc()), { drain: true, mayDelete: () => true });
    expect(renderPlanBatch(second)).toBe("-D -t 10.0.0.9:80\n");
  });

  it("leaves services it does not manage alone", () => {
    const foreign = svc({ address: "10.0.0.200", port: 443 });
    const ops = plan(state(svc(), foreign), state(svc()), { manages: (k) => k !== "tcp 10.0.0.200:443" });
    expect(ops).toEqual([]);
    expect(plan(state(svc(), foreign), state(svc())).map((o) => o.kind)).toEqual(["delete-service"]);
  });

  it("sets timeouts first and only when they differ", () => {
    const want: IpvsState = { services: [svc()], timeouts: { tcp: 900, tcpFin: 120, udp: 300 } };
    expect(plan(state(svc()), want)[0]).toEqual({ kind: "set-timeouts", timeouts: { tcp: 900, tcpFin: 120, udp: 300 } });
    expect(plan({ ...state(svc()), timeouts: { tcp: 900, tcpFin: 120, udp: 300 } }, want)).toEqual([]);
    expect(plan({ ...state(svc()), timeouts: { tcp: 900, tcpFin: 60, udp: 300 } }, { services: [svc()], timeouts: { tcp: 900, tcpFin: 0, udp: 0 } })).toEqual([]);
  });

  it("renders every kind of operation as an ipvsadm -R line", () => {
    const v6 = svc({ address: "2001:db8::1", family: "inet6", dests: [{ address: "2001:db8::2", port: 80, forwarding: "masq", weight: 3, upperThreshold: 0, lowerThreshold: 0 }] });
    const fw = svc({ protocol: "fwmark", address: undefined, port: undefined, fwmark: 7, family: "inet6", dests: [] });
    const ops = plan({ services: [svc()] }, { services: [v6, fw], timeouts: { tcp: 1, tcpFin: 2, udp: 3 } });
    expect(renderPlanBatch(ops)).toBe(
      ["--set 1 2 3", "-A -f 7 -6 -s wlc", "-A -t [2001:db8::1]:80 -s wlc", "-a -t [2001:db8::1]:80 -r [2001:db8::2]:80 -m -w 3", "-D -t 10.0.0.1:80", ""].join("\n"),
    );
  });

  it("applyOperations refuses what the kernel refuses", () => {
    expect(() => applyOperations(state(svc()), [{ kind: "add-service", service: svc() }])).toThrow(ApplyError);
    expect(() => applyOperations(state(), [{ kind: "delete-dest", service: svc(), dest: svc().dests[0]! }])).toThrow(/Service not defined/);
  });
});
