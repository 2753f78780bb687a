import type {
  Forwarding,
  HealthCheck,
  HealthCheckInput,
  RealServer,
  RealServerInput,
  SchedFlag,
  Scheduler,
  TunnelCsum,
  TunnelType,
  VirtualService,
  VirtualServiceInput,
} from "@shoal/core/model/index";

/**
 * Form values are what the inputs hold (text for numbers, so an empty box means "unset" and a
 * half-typed value is not coerced to NaN); these functions map them to and from the core model.
 */
export interface HealthCheckForm {
  type: HealthCheck["type"];
  interval: string;
  timeout: string;
  rise: string;
  fall: string;
  onFailure: "quiesce" | "remove";
  port: string;
  path: string;
  expectStatus: string;
  bodyRegex: string;
  host: string;
  verifyTls: boolean;
  send: string;
  expect: string;
  useRegex: boolean;
  command: string;
}

export interface ServiceForm {
  name: string;
  protocol: VirtualService["protocol"];
  family: VirtualService["family"];
  address: string;
  port: string;
  fwmark: string;
  vipInterface: string;
  vipLabel: string;
  scheduler: Scheduler;
  schedFlags: SchedFlag[];
  persistence: string;
  persistenceNetmask: string;
  persistenceEngine: "" | "sip";
  onePacket: boolean;
  sorryEnabled: boolean;
  sorryAddress: string;
  sorryPort: string;
  quorum: string;
  hysteresis: string;
  enabled: boolean;
  description: string;
  healthCheck: HealthCheckForm;
}

export interface RealServerForm {
  address: string;
  port: string;
  name: string;
  forwarding: Forwarding;
  tunnelType: TunnelType;
  tunnelPort: string;
  tunnelCsum: TunnelCsum;
  weight: string;
  upperThreshold: string;
  lowerThreshold: string;
  enabled: boolean;
  description: string;
  hcOverride: boolean;
  healthCheck: HealthCheckForm;
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
/** "" -> undefined; "12" -> 12; "abc" stays text so the schema reports it as not a number. */
function num(v: string): number | undefined {
  const s = v.trim();
  if (s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : (s as unknown as number);
}
const opt = (v: string) => (v.trim() === "" ? undefined : v.trim());

export function healthCheckToForm(hc: HealthCheckInput | undefined): HealthCheckForm {
  const h = (hc ?? { type: "none" }) as Record<string, unknown> & { type: HealthCheck["type"] };
  return {
    type: h.type,
    interval: str(h.interval ?? 6),
    timeout: str(h.timeout ?? 3),
    rise: str(h.rise ?? 1),
    fall: str(h.fall ?? 3),
    onFailure: (h.onFailure as "quiesce" | "remove") ?? "quiesce",
    port: str(h.port),
    path: str(h.path ?? "/"),
    expectStatus: Array.isArray(h.expectStatus) ? h.expectStatus.join(", ") : "200",
    bodyRegex: str(h.bodyRegex),
    host: str(h.host),
    verifyTls: Boolean(h.verifyTls),
    send: str(h.send),
    expect: str(h.expect),
    useRegex: Boolean(h.useRegex),
    command: str(h.command),
  };
}

export function healthCheckFromForm(f: HealthCheckForm): HealthCheckInput {
  if (f.type === "none") return { type: "none" };
  const common = {
    interval: num(f.interval),
    timeout: num(f.timeout),
    rise: num(f.rise),
    fall: num(f.fall),
    onFailure: f.onFailure,
    port: num(f.port),
  };
  switch (f.type) {
    case "tcp":
      return { type: "tcp", ...common };
    case "http":
    case "https": {
      const http = {
        ...common,
        path: f.path.trim() || "/",
        expectStatus: f.expectStatus
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((s) => num(s) as number),
        bodyRegex: opt(f.bodyRegex),
        host: opt(f.host),
      };
      return f.type === "http" ? { type: "http", ...http } : { type: "https", ...http, verifyTls: f.verifyTls };
    }
    case "send-expect":
      return { type: "send-expect", ...common, send: f.send, expect: f.expect, useRegex: f.useRegex };
    case "external":
      return { type: "external", ...common, command: f.command };
  }
}

export function serviceToForm(vs?: Partial<VirtualServiceInput>): ServiceForm {
  return {
    name: str(vs?.name),
    protocol: vs?.protocol ?? "tcp",
    family: vs?.family ?? "inet",
    address: str(vs?.address),
    port: str(vs?.port),
    fwmark: str(vs?.fwmark),
    vipInterface: str(vs?.vipInterface),
    vipLabel: str(vs?.vipLabel),
    scheduler: vs?.scheduler ?? "wlc",
    schedFlags: vs?.schedFlags ?? [],
    persistence: str(vs?.persistence),
    persistenceNetmask: str(vs?.persistenceNetmask),
    persistenceEngine: vs?.persistenceEngine ?? "",
    onePacket: vs?.onePacket ?? false,
    sorryEnabled: Boolean(vs?.sorryServer),
    sorryAddress: str(vs?.sorryServer?.address),
    sorryPort: str(vs?.sorryServer?.port),
    quorum: str(vs?.quorum),
    hysteresis: str(vs?.hysteresis),
    enabled: vs?.enabled ?? true,
    description: vs?.description ?? "",
    healthCheck: healthCheckToForm(vs?.healthCheck),
  };
}

/** The service without its real servers (they are edited one by one). */
export function serviceFromForm(f: ServiceForm): Omit<VirtualServiceInput, "realServers"> {
  const fw = f.protocol === "fwmark";
  const usesFlags = f.scheduler === "sh" || f.scheduler === "mh";
  return {
    name: opt(f.name),
    protocol: f.protocol,
    family: f.family,
    address: fw ? undefined : opt(f.address),
    port: fw ? undefined : num(f.port),
    fwmark: fw ? num(f.fwmark) : undefined,
    vipInterface: opt(f.vipInterface),
    vipLabel: opt(f.vipLabel),
    scheduler: f.scheduler,
    // Flags mean nothing to other schedulers; dropping hidden ones keeps the model honest.
    schedFlags: usesFlags ? f.schedFlags.filter((x) => x.startsWith(f.scheduler)) : [],
    persistence: num(f.persistence),
    persistenceNetmask: num(f.persistenceNetmask),
    persistenceEngine: f.persistenceEngine === "" ? undefined : f.persistenceEngine,
    onePacket: f.onePacket,
    sorryServer: f.sorryEnabled ? { address: f.sorryAddress.trim(), port: num(f.sorryPort) ?? 0 } : undefined,
    quorum: num(f.quorum),
    hysteresis: num(f.hysteresis),
    enabled: f.enabled,
    description: f.description,
    healthCheck: healthCheckFromForm(f.healthCheck),
  };
}

export function realServerToForm(rs?: Partial<RealServerInput>, defaults?: { port?: number | undefined }): RealServerForm {
  return {
    address: str(rs?.address),
    port: str(rs?.port ?? defaults?.port),
    name: str(rs?.name),
    forwarding: rs?.forwarding ?? "route",
    tunnelType: rs?.tunnel?.type ?? "ipip",
    tunnelPort: str(rs?.tunnel?.port),
    tunnelCsum: rs?.tunnel?.csum ?? "nocsum",
    weight: str(rs?.weight ?? 1),
    upperThreshold: str(rs?.upperThreshold ?? 0),
    lowerThreshold: str(rs?.lowerThreshold ?? 0),
    enabled: rs?.enabled ?? true,
    description: rs?.description ?? "",
    hcOverride: Boolean(rs?.healthCheck),
    healthCheck: healthCheckToForm(rs?.healthCheck),
  };
}

export function realServerFromForm(f: RealServerForm): RealServerInput {
  return {
    address: f.address.trim(),
    port: num(f.port) as number,
    name: opt(f.name),
    forwarding: f.forwarding,
    tunnel: f.forwarding === "tunnel" ? { type: f.tunnelType, port: num(f.tunnelPort), csum: f.tunnelCsum } : undefined,
    weight: num(f.weight),
    upperThreshold: num(f.upperThreshold),
    lowerThreshold: num(f.lowerThreshold),
    enabled: f.enabled,
    description: f.description,
    healthCheck: f.hcOverride ? healthCheckFromForm(f.healthCheck) : undefined,
  };
}

/** Model path (relative to the service or real server) -> the form field showing it. */
export function formFieldOf(path: (string | number)[]): string {
  const [head, second] = path;
  if (head === "sorryServer") return second === "port" ? "sorryPort" : "sorryAddress";
  if (head === "tunnel") return second === "port" ? "tunnelPort" : second === "csum" ? "tunnelCsum" : "tunnelType";
  if (head === "healthCheck") return second === undefined ? "healthCheck.type" : `healthCheck.${String(second)}`;
  return String(head ?? "");
}

export type { RealServer, VirtualService };
