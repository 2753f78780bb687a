import { Suspense } from "react";
import { MonitorPage } from "~/features/monitor/monitor-page.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  // The page reads ?service= and ?range= on the client (useSearchParams needs a Suspense boundary).
  return (
    <Suspense>
      <MonitorPage clusterId={clusterId} />
    </Suspense>
  );
}
