import { NewService } from "~/features/services/new-service.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <NewService clusterId={clusterId} />;
}
