/**
 * node_exporter's ipvs labels, recovered from core's service and real-server keys
 * ("tcp 10.0.0.1:80", "udp [2001:db8::1]:53", "fwmark 7 inet6", "10.0.1.1:80").
 * Like node_exporter, fwmark services have an empty local_address, local_port "0" and the mark.
 */
export interface ServiceLabels {
  local_address: string;
  local_port: string;
  proto: string;
  local_mark: string;
}

export interface BackendLabels extends ServiceLabels {
  remote_address: string;
  remote_port: string;
}

function splitHostPort(hp: string): { address: string; port: string } {
  const m = /^\[(.*)\]:(\d+)$/.exec(hp) ?? /^([^:]*):(\d+)$/.exec(hp);
  return m ? { address: m[1]!, port: m[2]! } : { address: hp, port: "0" };
}

export function serviceLabels(serviceKey: string): ServiceLabels {
  const [proto = "", rest = ""] = serviceKey.split(" ");
  if (proto === "fwmark") return { local_address: "", local_port: "0", proto: "FWM", local_mark: rest };
  const { address, port } = splitHostPort(rest);
  return { local_address: address, local_port: port, proto: proto.toUpperCase(), local_mark: "" };
}

export function backendLabels(serviceKey: string, destKey: string): BackendLabels {
  const { address, port } = splitHostPort(destKey);
  return { ...serviceLabels(serviceKey), remote_address: address, remote_port: port };
}
