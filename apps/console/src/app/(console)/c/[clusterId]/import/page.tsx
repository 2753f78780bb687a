import { ImportPage } from "~/features/import/import-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ImportPage clusterId={clusterId} />;
}
