/**
 * The services page's whole-list request as one fixed GET URL, shared by the server page (which
 * preloads it from the HTML head) and the client (whose fetch then takes the preloaded response):
 * the list travels while the page's scripts load and hydrate instead of after. A tRPC batch URL
 * would depend on whatever else the link batched in the same tick, and a preload that does not
 * match byte for byte is a second download.
 * No "use client": the server page imports it for the URL.
 */
export const LIST_PAGE = 1000;

export interface ListPage<Row> {
  items: Row[];
  total: number;
}

/** virtualService.list over tRPC's plain (unbatched) GET. Key order is part of the URL. */
export function listUrl(clusterId: string, offset: number): string {
  return `/api/trpc/virtualService.list?input=${encodeURIComponent(JSON.stringify({ clusterId, offset, limit: LIST_PAGE }))}`;
}

/**
 * The first page through the preloaded URL; anything but a clean answer goes through `viaClient`
 * (the tRPC client), so errors reach the page as the typed tRPC errors it already shows.
 */
export async function fetchListPage<Row>(clusterId: string, offset: number, viaClient: () => Promise<ListPage<Row>>): Promise<ListPage<Row>> {
  if (offset > 0) return viaClient();
  try {
    const res = await fetch(listUrl(clusterId, offset));
    if (!res.ok) return viaClient();
    const body = (await res.json()) as { result?: { data?: ListPage<Row> } };
    return body.result?.data ?? viaClient();
  } catch {
    return viaClient();
  }
}
