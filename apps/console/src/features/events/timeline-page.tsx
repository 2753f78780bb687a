"use client";
import { useState } from "react";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { EVENT_KINDS, KINDS, type EventKind, type EventSeverity } from "@shoal/core/events/index";
import { useI18n } from "~/i18n/client.tsx";
import { useTRPC } from "~/trpc/provider.tsx";
import { PageHeader } from "~/components/page-header.tsx";
import { ErrorNotice } from "~/components/error-notice.tsx";
import { useS } from "./use-s.ts";

const SEV_STYLE: Record<EventSeverity, string> = { info: "bg-slate-100 text-slate-700", warning: "bg-amber-100 text-amber-800", critical: "bg-red-100 text-red-800" };

const localInput = (iso: string) => (iso ? new Date(iso).toISOString() : undefined);

/**
 * A cluster's event log, newest first, filtered by kind, severity, director, service, real server
 * and time; new and ended events arrive over the live stream and refresh the list.
 */
export function TimelinePage({ clusterId }: { clusterId: string }) {
  const s = useS();
  const { m } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [kind, setKind] = useState<EventKind | "">("");
  const [minSeverity, setMinSeverity] = useState<EventSeverity | "">("");
  const [director, setDirector] = useState("");
  const [service, setService] = useState("");
  const [dest, setDest] = useState("");
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [openOnly, setOpenOnly] = useState(false);
  const input = {
    clusterId,
    limit: 100,
    ...(kind ? { kinds: [kind] } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(director ? { director } : {}),
    ...(service ? { service } : {}),
    ...(dest ? { dest } : {}),
    ...(since ? { since: localInput(since) } : {}),
    ...(until ? { until: localInput(until) } : {}),
    ...(openOnly ? { openOnly } : {}),
  };
  const q = useInfiniteQuery(trpc.event.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const directors = useQuery(trpc.director.list.queryOptions({ clusterId }));
  const [liveCount, setLiveCount] = useState(0);
  const sub = useSubscription(
    trpc.event.live.subscriptionOptions(
      { clusterId },
      {
        onData: () => {
          setLiveCount((n) => n + 1);
          void qc.invalidateQueries({ queryKey: trpc.event.list.infiniteQueryKey() });
        },
      },
    ),
  );
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={s("title")}>
        <span
          className={`badge ${sub.status === "pending" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}
          data-testid="events-live"
          data-status={sub.status}
          data-count={liveCount}
        >
          {s("live")}: {sub.status}
        </span>
      </PageHeader>
      <div className="panel flex flex-wrap items-end gap-2 p-2 text-sm">
        <label className="flex flex-col">
          {s("kind")}
          <select value={kind} onChange={(e) => setKind(e.target.value as EventKind)} data-testid="events-kind">
            <option value="">{s("allKinds")}</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {m(KINDS[k])}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {s("severity")}
          <select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as EventSeverity)} data-testid="events-severity">
            <option value="">–</option>
            <option value="warning">≥ warning</option>
            <option value="critical">critical</option>
          </select>
        </label>
        <label className="flex flex-col">
          {s("director")}
          <select value={director} onChange={(e) => setDirector(e.target.value)} data-testid="events-director">
            <option value="">–</option>
            {(directors.data ?? []).map((d: { id: string; name: string }) => (
              <option key={d.id} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {s("service")}
          <input value={service} onChange={(e) => setService(e.target.value)} placeholder="tcp 10.0.1.100:80" data-testid="events-service" />
        </label>
        <label className="flex flex-col">
          {s("dest")}
          <input value={dest} onChange={(e) => setDest(e.target.value)} placeholder="10.0.0.1:80" data-testid="events-dest" />
        </label>
        <label className="flex flex-col">
          {s("since")}
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label className="flex flex-col">
          {s("until")}
          <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} />
          {s("openOnly")}
        </label>
      </div>
      {q.isError ? <ErrorNotice error={q.error} /> : null}
      <div className="panel overflow-auto">
        <table data-testid="events-table">
          <thead>
            <tr>
              <th>{s("started")}</th>
              <th>{s("ended")}</th>
              <th>{s("severity")}</th>
              <th>{s("kind")}</th>
              <th>{s("director")}</th>
              <th>{s("service")}</th>
              <th>{s("dest")}</th>
              <th>{s("message")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="event-row" data-kind={e.kind} data-open={e.open ? "1" : "0"} data-dest={e.dest ?? ""}>
                <td className="whitespace-nowrap font-mono text-xs">{new Date(e.startedAt).toLocaleString()}</td>
                <td className="whitespace-nowrap font-mono text-xs">
                  {KINDS[e.kind].lasting ? e.endedAt ? new Date(e.endedAt).toLocaleString() : <span className="badge bg-red-50 text-red-700">{s("ongoing")}</span> : "–"}
                </td>
                <td>
                  <span className={`badge ${SEV_STYLE[e.severity]}`}>{e.severity}</span>
                </td>
                <td className="text-xs">{m(KINDS[e.kind])}</td>
                <td className="text-xs">{e.director ?? "–"}</td>
                <td className="font-mono text-xs">{e.service ?? "–"}</td>
                <td className="font-mono text-xs">{e.dest ?? "–"}</td>
                <td className="max-w-lg text-xs">
                  {e.message}
                  {e.endMessage ? <div className="text-emerald-700">↳ {e.endMessage}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!items.length && !q.isLoading ? <p className="p-3 text-sm text-slate-500">{s("none")}</p> : null}
      </div>
      {q.hasNextPage ? (
        <button type="button" className="btn self-start" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {s("more")}
        </button>
      ) : null}
    </div>
  );
}
