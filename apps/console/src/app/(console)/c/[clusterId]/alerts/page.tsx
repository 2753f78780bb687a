import { AlertsPage } from "~/features/events/alerts-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <AlertsPage clusterId={clusterId} />;
}
