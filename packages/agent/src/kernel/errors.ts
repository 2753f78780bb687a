import type { Operation } from "@shoal/core";

/**
 * The kernel's refusal in the words operators know from ipvsadm (libipvs ipvs_strerror): the same
 * errno means different things per command, e.g. ENOENT is "No such destination" for -e/-d but
 * "Scheduler or persistence engine not found" for -A/-E.
 */

const ERRNO = { EPERM: 1, ENOENT: 2, ESRCH: 3, ENOMEM: 12, EEXIST: 17, EINVAL: 22, ENOPROTOOPT: 92, EOPNOTSUPP: 95, EAFNOSUPPORT: 97, EMSGSIZE: 90 } as const;

const BY_KIND: Partial<Record<Operation["kind"], Record<number, string>>> = {
  "add-service": { [ERRNO.EEXIST]: "Service already exists", [ERRNO.ENOENT]: "Scheduler or persistence engine not found" },
  "edit-service": { [ERRNO.ESRCH]: "No such service", [ERRNO.ENOENT]: "Scheduler or persistence engine not found" },
  "delete-service": { [ERRNO.ESRCH]: "No such service" },
  "add-dest": { [ERRNO.ESRCH]: "Service not defined", [ERRNO.EEXIST]: "Destination already exists" },
  "edit-dest": { [ERRNO.ESRCH]: "Service not defined", [ERRNO.ENOENT]: "No such destination" },
  "drain-dest": { [ERRNO.ESRCH]: "Service not defined", [ERRNO.ENOENT]: "No such destination" },
  "delete-dest": { [ERRNO.ESRCH]: "Service not defined", [ERRNO.ENOENT]: "No such destination" },
};

const GENERIC: Record<number, string> = {
  [ERRNO.EPERM]: "Permission denied (you must be root)",
  [ERRNO.EINVAL]: "Invalid operation.  Possibly wrong module version, address not unicast, ...",
  [ERRNO.ENOPROTOOPT]: "Protocol not available",
  [ERRNO.ENOMEM]: "Memory allocation problem",
  [ERRNO.EOPNOTSUPP]: "Operation not supported with IPv6",
  [ERRNO.EAFNOSUPPORT]: "Operation not supported with specified address family",
  [ERRNO.EMSGSIZE]: "Module is wrong version",
};

export function ipvsErrorMessage(kind: Operation["kind"], errno: number): string {
  return BY_KIND[kind]?.[errno] ?? GENERIC[errno] ?? `Unknown error ${errno}`;
}

/** The reverse, for the ipvsadm backend: which errno an ipvsadm message stands for (0 if unknown). */
export function errnoOfIpvsadmMessage(kind: Operation["kind"], message: string): number {
  const m = message.trim();
  for (const [n, text] of Object.entries(BY_KIND[kind] ?? {})) if (m.startsWith(text)) return Number(n);
  for (const [n, text] of Object.entries(GENERIC)) if (m.startsWith(text.slice(0, 17))) return Number(n);
  return 0;
}
