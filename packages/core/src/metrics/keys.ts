/** Series identity of a real server: its service key and its own, as one string for maps. */
export function destSeriesKey(serviceKey: string, destKey: string): string {
  return `${serviceKey} -> ${destKey}`;
}
