import { afterEach, describe, expect, it } from "vitest";
import { computeSample, type RateSample } from "@shoal/core/metrics/index";
import { createMetricsRegistry } from "../../src/metrics/prometheus.ts";
import { parseListenAddress, startMetricsServer, type MetricsServer } from "../../src/metrics/server.ts";
import { backendLabels, serviceLabels } from "../../src/metrics/labels.ts";
import { steadyReading } from "./fixtures.ts";

let server: MetricsServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function twoSamples(big = 0n): RateSample {
  const a = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: steadyReading(0, { services: 3, big }) });
  return computeSample(a, { wallMs: 1_700_000_001_000, monoMs: 1000, reading: steadyReading(1, { services: 3, big }) });
}

async function scrape(latest: () => RateSample | null, backendCounters = false): Promise<{ status: number; type: string | null; text: string }> {
  server = await startMetricsServer(createMetricsRegistry(latest, { backendCounters }), "127.0.0.1:0");
  const r = await fetch(server.url);
  return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
}

describe("/metrics", () => {
  it("serves node_exporter's ipvs names and labels over HTTP", async () => {
    const { status, type, text } = await scrape(() => twoSamples());
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain("# TYPE node_ipvs_connections_total counter");
    expect(text).toMatch(/^node_ipvs_connections_total 60$/m);
    expect(text).toMatch(/^node_ipvs_outgoing_bytes_total 2700000$/m);
    expect(text).toContain('node_ipvs_backend_connections_active{local_address="10.0.0.1",local_port="80",proto="TCP",local_mark="",remote_address="10.0.1.2",remote_port="80"} 6');
    expect(text).toContain('node_ipvs_backend_weight{local_address="2001:db8::1",local_port="53",proto="UDP",local_mark="",remote_address="2001:db8::11",remote_port="53"} 200');
    expect(text).toContain('node_ipvs_backend_connections_inactive{local_address="",local_port="0",proto="FWM",local_mark="7",remote_address="10.0.1.1",remote_port="80"} 2');
  });

  it("adds per-service and per-real-server counters and rates", async () => {
    const { text } = await scrape(() => twoSamples(), true);
    expect(text).toContain('shoal_ipvs_service_connections_per_second{local_address="10.0.0.1",local_port="80",proto="TCP",local_mark=""} 20');
    expect(text).toContain('shoal_ipvs_service_outgoing_bytes_per_second{local_address="2001:db8::1",local_port="53",proto="UDP",local_mark=""} 900000');
    expect(text).toContain(
      'shoal_ipvs_backend_incoming_packets_per_second{local_address="10.0.0.1",local_port="80",proto="TCP",local_mark="",remote_address="10.0.1.1",remote_port="80"} 100',
    );
    expect(text).toContain(
      'shoal_ipvs_backend_connections_total{local_address="10.0.0.1",local_port="80",proto="TCP",local_mark="",remote_address="10.0.1.1",remote_port="80"} 10',
    );
    expect(text).toMatch(/^shoal_ipvs_connections_per_second 60$/m);
    expect(text).toContain('shoal_ipvs_service_connections_active{local_address="10.0.0.1",local_port="80",proto="TCP",local_mark=""} 11');
  });

  it("leaves per-real-server counters out unless asked (10,000 real servers make 50,000 series)", async () => {
    const { text } = await scrape(() => twoSamples());
    expect(text).not.toContain("shoal_ipvs_backend_connections_total");
    expect(text).toContain("shoal_ipvs_backend_connections_per_second{");
  });

  it("omits rate series that have no rate yet, and serves an empty but valid page before the first sample", async () => {
    const first = computeSample(null, { wallMs: 1_700_000_000_000, monoMs: 0, reading: steadyReading(0) });
    const { text } = await scrape(() => first);
    expect(text).not.toMatch(/^shoal_ipvs_service_connections_per_second\{/m);
    expect(text).toMatch(/^node_ipvs_backend_connections_active\{/m);
    await server!.close();
    const empty = await scrape(() => null);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("# TYPE node_ipvs_connections_total counter");
  });

  it("counters beyond 2^53 come out as large floats, not errors", async () => {
    const { text } = await scrape(() => twoSamples(2n ** 60n));
    // Prometheus values are float64: the exact u64 stays on the agent, the scrape rounds it.
    expect(text).toContain(`\nnode_ipvs_incoming_packets_total ${Number(3n * 2n ** 60n + 600n)}\n`);
  });

  it("answers 404 elsewhere", async () => {
    server = await startMetricsServer(
      createMetricsRegistry(() => null),
      "127.0.0.1:0",
    );
    expect((await fetch(server.url.replace("/metrics", "/"))).status).toBe(404);
  });
});

describe("labels and addresses", () => {
  it("parses keys the way node_exporter labels them", () => {
    expect(serviceLabels("sctp 10.1.1.1:3868")).toEqual({ local_address: "10.1.1.1", local_port: "3868", proto: "SCTP", local_mark: "" });
    expect(backendLabels("fwmark 9 inet6", "[2001:db8::5]:0")).toEqual({
      local_address: "",
      local_port: "0",
      proto: "FWM",
      local_mark: "9",
      remote_address: "2001:db8::5",
      remote_port: "0",
    });
  });
  it("parses listen addresses", () => {
    expect(parseListenAddress("127.0.0.1:9105")).toEqual({ host: "127.0.0.1", port: 9105 });
    expect(parseListenAddress("[::1]:9105")).toEqual({ host: "::1", port: 9105 });
    expect(parseListenAddress(":9105")).toEqual({ host: undefined, port: 9105 });
    expect(() => parseListenAddress("9105")).toThrow(/HOST:PORT/);
  });
});
