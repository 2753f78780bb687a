// The diff lives in @shoal/db so the seed can record revisions without depending on the API.
export { diffClusters, summarize, type Change } from "@shoal/db/diff";
