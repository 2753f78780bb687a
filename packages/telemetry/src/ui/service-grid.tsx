"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { si } from "./format.ts";
import type { LiveSeries } from "./live-series.ts";
import { M } from "./metric-charts.tsx";
import { UPlotChart } from "./uplot-chart.tsx";

/** Mounts children only once scrolled near the viewport, keeping their height reserved. */
export function LazyMount({ height, children }: { height: number; children: ReactNode }) {
  const el = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const node = el.current;
    if (!node || shown) return;
    const io = new IntersectionObserver(([e]) => e?.isIntersecting && setShown(true), { rootMargin: "400px" });
    io.observe(node);
    return () => io.disconnect();
  }, [shown]);
  return (
    <div ref={el} style={{ minHeight: height }}>
      {shown ? children : null}
    </div>
  );
}

/** Only mounted (near-viewport) cards build their series; the rest show text figures. */
function Spark({ live, service }: { live: LiveSeries; service: string }) {
  const d = live.data(service, [M.cps]);
  return <UPlotChart title="" height={100} series={[{ label: "CPS", color: "#16a34a", unit: "/s" }]} data={d} syncKey="services" />;
}

/**
 * Every service of a cluster as a card with its latest figures and a small CPS / bytes chart.
 * Built for 1,000 services on one page: figures are text, and a card's chart exists only while
 * the card is near the viewport (LazyMount + UPlotChart's own visibility check).
 */
export function ServiceGrid({ live, version, onOpen }: { live: LiveSeries; version: number; onOpen?: (service: string) => void }) {
  void version; // re-render trigger from useLiveSeries
  return (
    <div className="shoal-service-grid" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(300px, 1fr))", gap: 8 }}>
      {live.services().map((svc) => {
        const v = (m: number) => live.latest(svc, m);
        return (
          <div key={svc} className="shoal-service-card" style={{ border: "1px solid #e5e7eb", padding: 6 }}>
            <button type="button" onClick={() => onOpen?.(svc)} style={{ fontFamily: "monospace", fontWeight: 600 }}>
              {svc}
            </button>
            <div style={{ fontSize: 12 }}>
              {si(v(M.active))} active · {si(v(M.inactive))} inactive · {si(v(M.cps), "/s")} · in {si(v(M.inBps), "B/s")} · out {si(v(M.outBps), "B/s")}
            </div>
            <LazyMount height={120}>
              <Spark live={live} service={svc} />
            </LazyMount>
          </div>
        );
      })}
    </div>
  );
}
