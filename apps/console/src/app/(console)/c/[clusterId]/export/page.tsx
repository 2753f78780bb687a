import { ExportPage } from "~/features/export/export-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ExportPage clusterId={clusterId} />;
}
