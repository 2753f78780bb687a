import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAddon } from "../../src/kernel/native/addon.ts";
import { ProcFile } from "../../src/kernel/proc/proc-file.ts";
import { scanProcIpvs } from "../../src/kernel/proc/scan.ts";

const HEAD = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n";
const A = "TCP  0A140064:0050 wrr \n  -> 0A14000B:1F90      Masq    3      5          7         \n  -> 0A14000C:1F90      Masq    0      0          1         \n";
const B = "UDP  0A140065:0035 rr \n  -> 0A140015:0035      Route   1      0          123456    \n";
const bytes = (s: string) => Buffer.from(s, "latin1");

describe("scanProcIpvs", () => {
  it("cuts the table into service blocks with their connection counts", () => {
    const s = scanProcIpvs(bytes(HEAD + A + B));
    expect(s.headerEnd).toBe(HEAD.length);
    expect(s.starts).toEqual([HEAD.length, HEAD.length + A.length, HEAD.length + A.length + B.length]);
    expect(s.firstDest).toEqual([0, 2, 3]);
    expect(s.counts).toEqual([5, 7, 0, 1, 0, 123456]);
  });

  it("hashes a block the same whatever its connection counts, differently for anything else", () => {
    const base = scanProcIpvs(bytes(HEAD + A + B));
    const busier = scanProcIpvs(bytes(HEAD + A.replace("5          7", "61         70") + B));
    expect(busier.hashes).toEqual(base.hashes);
    const weight = scanProcIpvs(bytes(HEAD + A.replace("Masq    3", "Masq    4") + B));
    expect(weight.hashes[0]).not.toBe(base.hashes[0]);
    expect(weight.hashes[1]).toBe(base.hashes[1]);
    expect(weight.fingerprint).not.toBe(base.fingerprint);
    // the same blocks in another order: same block hashes, another table
    const swapped = scanProcIpvs(bytes(HEAD + B + A));
    expect([...swapped.hashes].reverse()).toEqual(base.hashes);
    expect(swapped.fingerprint).not.toBe(base.fingerprint);
  });

  it("makes a block of real-server lines before any service, so their parse can refuse them", () => {
    const s = scanProcIpvs(bytes(HEAD + "  -> 0A14000B:1F90      Masq    3      5          7\n" + A));
    expect(s.starts.length - 1).toBe(2);
    expect(s.firstDest).toEqual([0, 1, 3]);
  });

  it("reads an empty table and a short header", () => {
    expect(scanProcIpvs(bytes(HEAD)).hashes).toEqual([]);
    expect(scanProcIpvs(bytes("IP Virtual")).starts).toEqual([10]);
  });
});

describe("ProcFile", () => {
  // a seq_file bigger than the first buffer, so it grows; and a regular file
  const big = join(mkdtempSync(join(tmpdir(), "shoal-procfile-")), "ip_vs");
  writeFileSync(big, HEAD + (A + B).repeat(20_000));
  const addon = loadAddon();

  it("reads a file whole through node's read() loop, growing its buffer", async () => {
    const f = new ProcFile(big, null);
    const got = await f.read();
    expect(Buffer.compare(got, readFileSync(big))).toBe(0);
    expect(f.last?.mode).toBe("node");
    expect(Buffer.compare(await f.read(), readFileSync(big))).toBe(0);
  });

  it.skipIf("error" in addon)("reads the same bytes natively (io_uring where the kernel has it), a /proc seq_file too", async () => {
    if ("error" in addon) return;
    for (const path of [big, "/proc/self/net/unix", "/proc/self/mountinfo"]) {
      const f = new ProcFile(path, addon.addon);
      const got = Buffer.from(await f.read());
      expect(Buffer.compare(got, readFileSync(path))).toBe(0);
      expect(["uring", "read"]).toContain(f.last?.mode);
    }
    const f = new ProcFile(big, addon.addon);
    await f.read();
    // page-sized reads, many per system call
    if (f.last?.mode === "uring") expect(f.last.calls).toBeLessThan(Math.ceil(readFileSync(big).length / 4096 / 100));
  });

  it.skipIf("error" in addon)("says which file it could not read", async () => {
    if ("error" in addon) return;
    await expect(new ProcFile("/nonexistent/ip_vs", addon.addon).read()).rejects.toThrow(/open \/nonexistent\/ip_vs: No such file/);
    await expect(new ProcFile("/nonexistent/ip_vs", null).read()).rejects.toThrow(/ENOENT/);
  });
});
