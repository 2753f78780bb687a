import { DirectorsPage } from "~/features/directors/directors-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <DirectorsPage clusterId={clusterId} />;
}
