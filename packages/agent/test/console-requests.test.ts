import { describe, expect, it } from "vitest";
import { answerConsoleRequest } from "../src/console/requests.ts";

// /proc/net/ip_vs_conn as a 6.1 kernel printed it in the lab (NAT, two real servers).
const CAPTURED = `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED     897
TCP C0A80A06 9C40 0A000064 0050 0A000B0C 0050 TIME_WAIT        62
TCP C0A80A07 9C41 0A000064 0050 0A000B0C 0050 ESTABLISHED     899
`;
const read = async () => CAPTURED;

describe("answerConsoleRequest (connection table)", () => {
  it("reads the table, filters and keeps the top N", async () => {
    const r = await answerConsoleRequest({ id: "r1", kind: "connections", body: { dest: "10.0.11.12:80", limit: 1 } }, read, () => 1_700_000_000_000);
    expect(r.id).toBe("r1");
    expect(r.answer).toEqual({
      ok: true,
      listing: {
        t: 1_700_000_000_000,
        total: 2,
        truncated: true,
        connections: [
          {
            protocol: "tcp",
            expiresInSeconds: 62,
            state: "TIME_WAIT",
            clientAddress: "192.168.10.6",
            clientPort: 40000,
            virtualAddress: "10.0.0.100",
            virtualPort: 80,
            destAddress: "10.0.11.12",
            destPort: 80,
          },
        ],
      },
    });
  });

  it("answers a clear error for a kernel without IPVS, a bad table line, an unknown kind and a bad query", async () => {
    const enoent = async () => {
      throw Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    };
    expect((await answerConsoleRequest({ id: "a", kind: "connections", body: {} }, enoent)).answer).toEqual({ ok: false, error: expect.stringContaining("no IPVS") });
    const bad = async () => `${CAPTURED}TCP C0A80A05 D431 0A000064 0050 0A000B0B 0050 ESTABLISHED soon\n`;
    expect((await answerConsoleRequest({ id: "b", kind: "connections", body: {} }, bad)).answer).toEqual({
      ok: false,
      error: expect.stringMatching(/line 5, column 59: expected the expiry in seconds/),
    });
    expect((await answerConsoleRequest({ id: "c", kind: "reboot", body: {} }, read)).answer).toEqual({ ok: false, error: expect.stringContaining('kind "reboot"') });
    expect((await answerConsoleRequest({ id: "d", kind: "connections", body: { limit: 0 } }, read)).answer).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid connection query: limit: /),
    });
    expect(await answerConsoleRequest({ kind: "connections" }, read)).toEqual({
      id: null,
      answer: { ok: false, error: expect.stringMatching(/^invalid request from the console: id: /) },
    });
  });
});
