import { describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AGENT_PROTOCOL, StatusReport } from "@shoal/core";
import { parseRevisionMessage } from "../src/console/protocol.ts";
import { ConsoleClient, ConsoleError } from "../src/console/client.ts";
import { AGENT_VERSION, buildStatus } from "../src/daemon/status.ts";

describe("revision messages", () => {
  it("parses a console revision into core's Cluster (defaults filled)", () => {
    const m = parseRevisionMessage({ revision: 3, cluster: { name: "c", virtualServices: [{ address: "10.0.1.100", port: 80 }] } }, "console");
    expect(m.cluster.virtualServices[0]).toMatchObject({ scheduler: "wlc", protocol: "tcp" });
  });
  it("refuses a bad message with the path of what is wrong, so nothing half-valid is applied", () => {
    expect(() => parseRevisionMessage({ revision: 3, cluster: { name: "c", virtualServices: [{ address: "10.0.1.300", port: 70000 }] } }, "console")).toThrow(
      /^console sent an invalid revision: cluster\.virtualServices\.0\.address: not an IPv4 or IPv6 address; cluster\.virtualServices\.0\.port/,
    );
    expect(() => parseRevisionMessage({ cluster: {} }, "revision file /x")).toThrow(/^revision file \/x sent an invalid revision: revision/);
  });
});

describe("agent protocol on the wire", () => {
  it("the agent's status report is valid for the console's schema (core's StatusReport)", () => {
    const s = buildStatus({
      appliedRevision: 2,
      targetRevision: 3,
      errors: [],
      drift: [],
      health: [],
      foreign: ["tcp 10.9.9.9:80"],
      draining: [{ service: "tcp 10.0.1.100:80", dest: "10.0.2.1:80", since: 0, activeConns: 4 }],
      backend: "netlink",
    });
    expect(StatusReport.parse(s)).toEqual(s);
  });

  it("sends its protocol and version; a console refusing the protocol (426) is a non-retryable error with the console's reason", async () => {
    const seen: Record<string, string | undefined> = {};
    const server = createServer((req, res) => {
      seen.protocol = req.headers["x-shoal-protocol"] as string;
      seen.version = req.headers["x-shoal-agent-version"] as string;
      res.writeHead(426, { "content-type": "application/json", "x-shoal-protocol": "3", "x-shoal-protocol-min": "2" });
      res.end(JSON.stringify({ error: "shoal-agent 0.1.0 speaks agent protocol 1; this console speaks 2..3: upgrade shoal-agent on this director" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const client = new ConsoleClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "t", { agentVersion: AGENT_VERSION });
      const err = (await client.waitRevision(null, 0).catch((e: unknown) => e)) as ConsoleError;
      expect(seen).toEqual({ protocol: String(AGENT_PROTOCOL), version: AGENT_VERSION });
      expect(err).toBeInstanceOf(ConsoleError);
      expect(err.retry).toBe(false);
      expect(err.status).toBe(426);
      expect(err.message).toBe(
        `console refused this agent's protocol on GET revision (console speaks 2..3, this agent ${AGENT_PROTOCOL}): shoal-agent 0.1.0 speaks agent protocol 1; this console speaks 2..3: upgrade shoal-agent on this director`,
      );
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("refuses a revision in a protocol newer than it reads", () => {
    expect(() => parseRevisionMessage({ protocol: AGENT_PROTOCOL + 1, revision: 4, cluster: { name: "c", virtualServices: [] } }, "console")).toThrow(
      /console sent revision 4 in a protocol this agent cannot read: .*upgrade shoal-agent/,
    );
  });
});
