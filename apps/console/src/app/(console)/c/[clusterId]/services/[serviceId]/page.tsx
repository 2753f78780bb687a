import { ServiceEditor } from "~/features/services/service-editor.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string; serviceId: string }> }) {
  const { clusterId, serviceId } = await params;
  return <ServiceEditor clusterId={clusterId} serviceId={serviceId} />;
}
