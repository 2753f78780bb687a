import type { Diagnostic } from "@shoal/core/diagnostics";

type DraftClient = { cluster: { draft: { query: (i: { id: string }) => Promise<{ virtualServices: { id?: string | undefined }[] }> } } };

/**
 * The API answers a save with the whole draft's diagnostics, located by the service's index in
 * the cluster; keep those of this service, paths made relative to it (["port"], ["realServers", 1, "port"]).
 */
export async function diagnosticsForService(client: DraftClient, clusterId: string, serviceId: string, diags: Diagnostic[]): Promise<Diagnostic[]> {
  const located = diags.filter((d) => d.path?.[0] === "virtualServices");
  if (!located.length) return [];
  const draft = await client.cluster.draft.query({ id: clusterId });
  const index = draft.virtualServices.findIndex((v) => v.id === serviceId);
  return located.filter((d) => d.path?.[1] === index).map((d) => ({ ...d, path: d.path!.slice(2) }));
}
