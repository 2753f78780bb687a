/**
 * Quorum with hysteresis (keepalived `quorum` / `hysteresis`): the farm is "in quorum" while
 * the live weight stays >= quorum - hysteresis once up, and gets back in only at
 * >= quorum + hysteresis. Without memory of the last decision a farm sitting exactly at the
 * quorum would flip the sorry server in and out on every check.
 */
export function inQuorum(wasInQuorum: boolean, liveWeight: number, quorum: number, hysteresis: number): boolean {
  if (wasInQuorum) return liveWeight >= quorum - hysteresis;
  return liveWeight >= quorum + hysteresis;
}
