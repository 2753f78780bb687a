import { TimelinePage } from "~/features/events/timeline-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <TimelinePage clusterId={clusterId} />;
}
