export type ImportFormat = "ipvsadm" | "keepalived" | "lvscf" | "backup";

/** Best guess of a pasted file's format; the operator can override it. */
export function detectFormat(text: string): ImportFormat | undefined {
  const s = text.trimStart();
  if (s.startsWith("{")) return "backup";
  if (/^\s*(virtual_server|vrrp_instance|global_defs|virtual_server_group)\b/m.test(text)) return "keepalived";
  if (/^\s*-A\s+(-t|-u|--tcp-service|--udp-service|-f|--fwmark-service|--sctp-service)\b/m.test(text)) return "ipvsadm";
  if (/^\s*(serial_no|primary|service|backup_active|virtual\s+\S+\s*\{)\b/m.test(text)) return "lvscf";
  return undefined;
}
