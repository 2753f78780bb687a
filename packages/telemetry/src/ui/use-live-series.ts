"use client";
import { useRef, useSyncExternalStore } from "react";
import { LiveSeries } from "./live-series.ts";

/**
 * One LiveSeries for the component's lifetime, re-rendering on every applied message. Feed it from
 * the tRPC subscription: useSubscription(trpc.telemetry.live.subscriptionOptions(input,
 * { onData: (m) => live.apply(m) })).
 */
export function useLiveSeries(windowSeconds = 300): { live: LiveSeries; version: number } {
  const ref = useRef<LiveSeries | null>(null);
  if (!ref.current) ref.current = new LiveSeries(windowSeconds);
  const live = ref.current;
  const version = useSyncExternalStore(live.subscribe, live.getVersion, live.getVersion);
  return { live, version };
}
