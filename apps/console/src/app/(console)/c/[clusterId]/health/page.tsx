import { HealthPage } from "~/features/settings/health-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <HealthPage clusterId={clusterId} />;
}
