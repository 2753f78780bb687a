import { preload } from "react-dom";
import { serverApi } from "~/lib/server-api.ts";
import { ServicesPage } from "~/features/services/services-page.tsx";
import { FIRST_SCREEN } from "~/features/services/first-screen.ts";
import { listUrl } from "~/features/services/list-request.ts";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  const { api } = await serverApi();
  // Only the first screenful comes with the HTML: the table is virtualized, so that is all it
  // renders. Putting every row in the RSC payload made the browser parse and hydrate 1,000 rows
  // before the page answered (bench/console); the full list comes as a preloaded fetch (below).
  const first = await api.virtualService.list({ clusterId, offset: 0, limit: FIRST_SCREEN }).catch(() => null);
  // The whole list starts downloading from the HTML head, before any script runs; the client's
  // fetch of the same URL takes that response. (Not when the first screenful was all of it.)
  if (first && first.items.length < first.total) preload(listUrl(clusterId, 0), { as: "fetch", crossOrigin: "anonymous" });
  // (On an error the client's own call shows it.)
  return <ServicesPage clusterId={clusterId} first={first ?? undefined} />;
}
