import { getT } from "~/i18n/server.ts";
import { PageHeader } from "~/components/page-header.tsx";
import { ClusterIdentityForm } from "~/features/settings/cluster-identity-form.tsx";
import { SettingsForm } from "~/features/settings/settings-form.tsx";

export default async function Page({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  const t = await getT();
  return (
    <>
      <PageHeader title={t("settings.title")} />
      <ClusterIdentityForm clusterId={clusterId} />
      <SettingsForm clusterId={clusterId} />
    </>
  );
}
