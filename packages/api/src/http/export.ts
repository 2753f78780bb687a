import { getDb, type Db } from "@shoal/db";
import { resolveSession } from "../auth/session.ts";
import { requestInfo } from "../context.ts";
import { writeAudit } from "../audit.ts";
import { buildZip } from "../export/bundle.ts";
import { directorName, exportSource } from "../export/source.ts";
import { TRPCError } from "@trpc/server";

function problem(status: number, en: string, zh: string): Response {
  return new Response(JSON.stringify({ error: en, message: { en, zh } }), { status, headers: { "content-type": "application/json" } });
}

/** GET /api/export?cluster=ID[&director=ID][&revision=N]: a zip, for any signed-in user. */
export async function handleExportRequest(req: Request, opts: { db?: Db } = {}): Promise<Response> {
  const db = opts.db ?? getDb();
  if (req.method !== "GET") return problem(405, "use GET", "请使用 GET");
  const info = requestInfo(req);
  const session = await resolveSession(db, info.sessionToken);
  if (!session) return problem(401, "sign in first", "请先登录");
  const url = new URL(req.url);
  const clusterId = url.searchParams.get("cluster");
  const directorId = url.searchParams.get("director") ?? undefined;
  const rev = url.searchParams.get("revision");
  if (!clusterId) return problem(400, "cluster: required", "cluster：必填");
  if (rev !== null && !/^[1-9]\d*$/.test(rev)) return problem(400, "revision: must be a revision number", "revision：必须是修订版号");
  try {
    const { cluster, source } = await exportSource(db, clusterId, rev === null ? undefined : Number(rev));
    const director = await directorName(db, clusterId, directorId);
    const zip = buildZip(cluster, { director, source });
    await writeAudit(db, {
      action: "export.zip",
      actorId: session.user.id,
      actorName: session.user.username,
      clusterId,
      targetType: "cluster",
      targetId: clusterId,
      message: `${source}${director ? `, director ${director}` : ""}`,
      ip: info.ip,
    });
    const name = `shoal-${cluster.name}${director ? `-${director}` : ""}${rev ? `-r${rev}` : ""}.zip`;
    return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
      status: 200,
      headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
    });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") return problem(404, e.message, "未找到");
    throw e;
  }
}
