/** The real server a check probes: its address and the port the check targets. */
export interface CheckTarget {
  address: string;
  port: number;
}

export interface CheckResult {
  ok: boolean;
  /** One line an operator can act on: "connect ECONNREFUSED", "status 503 not in 200", "exit 1: ...". */
  message: string;
}
