import { diag, hasErrors, type Diagnostic, type ParseResult } from "../diagnostics.ts";
import { Cluster } from "../model/cluster.ts";
import { explainZodError } from "../validate/explain-zod.ts";
import { validateCluster } from "../validate/validate.ts";
import { pathKey, readJson, type Position } from "./json-positions.ts";

export const BACKUP_FORMAT = "shoal-backup";
export const BACKUP_VERSION = 1;

export interface BackupOptions {
  /** ISO time stamp to record; left out by default so the same cluster always gives the same file. */
  exportedAt?: string;
}

/** The cluster as a self-describing, pretty JSON document (stable key order, trailing newline). */
export function renderBackup(cluster: Cluster, opts: BackupOptions = {}): string {
  const doc: Record<string, unknown> = { format: BACKUP_FORMAT, version: BACKUP_VERSION };
  if (opts.exportedAt !== undefined) doc.exportedAt = opts.exportedAt;
  doc.cluster = cluster;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads a backup back. Every error carries a line (and column): syntax errors where the reader
 * stopped, schema and validation errors at the value they are about (or its nearest parent when
 * the field is missing). Validation warnings come back as warnings with a successful result.
 */
export function parseBackup(text: string): ParseResult<Cluster> {
  // JSON.parse is the fast path; the position-keeping reader only runs when something must be
  // located (a syntax error, or diagnostics to point at a line).
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    const read = readJson(text);
    if (!read.ok) return fail([diag("error", "backup.json-syntax", `Not valid JSON: ${read.en}.`, `不是有效的 JSON：${read.zh}。`, read.position)]);
    doc = read.value;
  }
  let positions: Map<string, Position> | undefined;
  const locate = (path: (string | number)[]): Position => {
    if (!positions) {
      const read = readJson(text);
      positions = read.ok ? read.positions : new Map();
    }
    return nearest(positions, path);
  };

  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return fail([
      diag(
        "error",
        "backup.not-object",
        "A Shoal backup is a JSON object with format, version and cluster.",
        "Shoal 备份应为包含 format、version 和 cluster 的 JSON 对象。",
        locate([]),
      ),
    ]);
  const d = doc as Record<string, unknown>;

  if (d.format !== BACKUP_FORMAT) {
    const looksLikeCluster = "virtualServices" in d || "directors" in d;
    const hint = looksLikeCluster
      ? {
          en: ' This looks like a bare cluster: wrap it as {"format": "shoal-backup", "version": 1, "cluster": ...}.',
          zh: ' 这看起来是单独的集群对象，请包成 {"format": "shoal-backup", "version": 1, "cluster": ...}。',
        }
      : { en: "", zh: "" };
    return fail([
      diag(
        "error",
        "backup.format",
        `This is not a Shoal backup: "format" must be "${BACKUP_FORMAT}".${hint.en}`,
        `这不是 Shoal 备份文件：format 必须是 "${BACKUP_FORMAT}"。${hint.zh}`,
        { path: ["format"], ...locate(["format"]) },
      ),
    ]);
  }
  if (d.version !== BACKUP_VERSION) {
    const newer = typeof d.version === "number" && d.version > BACKUP_VERSION;
    return fail([
      newer
        ? diag(
            "error",
            "backup.version-newer",
            `This backup is version ${d.version}, written by a newer Shoal; this one reads version ${BACKUP_VERSION}. Upgrade Shoal to import it.`,
            `该备份是第 ${d.version} 版格式，由更新的 Shoal 导出；当前版本只能读取第 ${BACKUP_VERSION} 版。请升级 Shoal 后再导入。`,
            { path: ["version"], ...locate(["version"]) },
          )
        : diag(
            "error",
            "backup.version",
            `Unsupported backup version ${JSON.stringify(d.version) ?? "(missing)"}; expected ${BACKUP_VERSION}.`,
            `不支持的备份版本 ${JSON.stringify(d.version) ?? "（缺失）"}，应为 ${BACKUP_VERSION}。`,
            { path: ["version"], ...locate(["version"]) },
          ),
    ]);
  }
  if (d.exportedAt !== undefined && typeof d.exportedAt !== "string")
    return fail([
      diag("error", "backup.exported-at", '"exportedAt" must be a date-time string.', "exportedAt 必须是日期时间字符串。", { path: ["exportedAt"], ...locate(["exportedAt"]) }),
    ]);

  const parsed = Cluster.safeParse(d.cluster);
  if (!parsed.success) return fail(explainZodError(parsed.error, d.cluster).map((x) => ({ ...x, ...locate(["cluster", ...(x.path ?? [])]) })));

  const found = validateCluster(parsed.data).map((x) => ({ ...x, ...locate(["cluster", ...(x.path ?? [])]) }));
  const errors = found.filter((x) => x.severity === "error");
  const warnings = found.filter((x) => x.severity !== "error");
  return hasErrors(errors) ? { ok: false, errors, warnings } : { ok: true, value: parsed.data, warnings };
}

export const backupParsers = { parseBackup } as const;

function fail(errors: Diagnostic[]): ParseResult<Cluster> {
  return { ok: false, errors, warnings: [] };
}

/** Position of the value at `path`, or of its closest parent that is in the file. */
function nearest(positions: Map<string, Position>, path: (string | number)[]): Position {
  for (let n = path.length; n >= 0; n--) {
    const p = positions.get(pathKey(path.slice(0, n)));
    if (p) return p;
  }
  return { line: 1, column: 1 };
}
