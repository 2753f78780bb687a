import { RevisionsPage } from "~/features/revisions/revisions-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <RevisionsPage clusterId={clusterId} />;
}
