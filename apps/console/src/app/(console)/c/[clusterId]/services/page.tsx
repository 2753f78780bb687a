import { serverApi } from "~/lib/server-api.ts";
import { ServicesPage } from "~/features/services/services-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  const { api } = await serverApi();
  // The first page (up to 1,000 services) comes with the HTML; larger clusters load the rest on the client.
  const first = await api.virtualService.list({ clusterId, offset: 0, limit: 1000 }).catch(() => null);
  const initial = first && first.items.length >= first.total ? first.items : undefined;
  return <ServicesPage clusterId={clusterId} initial={initial} />;
}
