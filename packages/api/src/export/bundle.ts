import { renderBackup, renderIpvsadmRules, renderKeepalivedConf, renderLvsCf, renderRealServerScript, type Cluster } from "@shoal/core";
import { zipSync, strToU8 } from "fflate";
import { ShoalError } from "../errors.ts";

export interface ExportFile {
  name: string;
  describe: string;
  render: () => string;
}

function realServerAddresses(cluster: Cluster): string[] {
  return [...new Set(cluster.virtualServices.flatMap((vs) => vs.realServers.map((rs) => rs.address)))].sort();
}

/** Safe in a zip path: IPv6 colons become dashes. */
function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, "-");
}

/** The files of an export: the whole cluster, or what one director needs. */
export function exportFiles(cluster: Cluster, director?: string): ExportFile[] {
  const files: ExportFile[] = [
    {
      name: "ipvsadm.rules",
      describe: "the IPVS table in `ipvsadm-save -n` form; load it with `ipvsadm-restore < ipvsadm.rules`",
      render: () => renderIpvsadmRules(cluster),
    },
  ];
  const directors = director ? cluster.directors.filter((d) => d.name === director) : cluster.directors;
  for (const d of directors) {
    files.push({
      name: director ? "keepalived.conf" : `keepalived/${fileSafe(d.name)}.conf`,
      describe: `keepalived configuration for director ${d.name} (${d.role}): VRRP, virtual servers and health checks; install as /etc/keepalived/keepalived.conf`,
      render: () => renderKeepalivedConf(cluster, { director: d.name }),
    });
  }
  files.push({
    name: "lvs.cf",
    describe: "Piranha/pulse configuration (/etc/sysconfig/ha/lvs.cf), for sites still running pulse and nanny",
    render: () => renderLvsCf(cluster),
  });
  for (const addr of realServerAddresses(cluster)) {
    files.push({
      name: `realservers/${fileSafe(addr)}.sh`,
      describe: `setup script for real server ${addr}: VIPs on lo / tunnel interfaces and ARP sysctls for DR and TUN (run as root)`,
      render: () => renderRealServerScript(cluster, addr),
    });
  }
  files.push({
    name: "shoal-backup.json",
    describe: "the whole cluster as Shoal's backup format; import it in the console (Import -> backup) to restore",
    render: () => renderBackup(cluster),
  });
  return files;
}

export function renderExportFile(cluster: Cluster, name: string, director?: string): string {
  const f = exportFiles(cluster, director).find((x) => x.name === name);
  if (!f) throw ShoalError.notFound(`export file ${name}`, `导出文件 ${name}`);
  return f.render();
}

function readme(cluster: Cluster, files: ExportFile[], source: string, director?: string): string {
  const lines = [
    `Shoal export of cluster "${cluster.name}"${director ? `, director "${director}"` : ""}`,
    `Source: ${source}. Generated ${new Date().toISOString()}.`,
    "",
    "Files:",
    ...files.map((f) => `  ${f.name}\n      ${f.describe}`),
  ];
  return `${lines.join("\n")}\n`;
}

export function buildZip(cluster: Cluster, opts: { director?: string; source: string }): Uint8Array {
  const files = exportFiles(cluster, opts.director);
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.name] = strToU8(f.render());
  entries["README.txt"] = strToU8(readme(cluster, files, opts.source, opts.director));
  return zipSync(entries, { level: 6 });
}
