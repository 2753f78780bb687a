import { ServicesPage } from "~/features/services/services-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ServicesPage clusterId={clusterId} />;
}
