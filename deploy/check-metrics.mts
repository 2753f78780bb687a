// Every metric a deploy/ query names must be one the agent or the console actually exports:
// the agent's names come from its real registry (packages/agent metrics), the console's from
// packages/api's list. Run by scripts/test.d/05-deploy.sh; exits non-zero naming each unknown one.
import { readFileSync } from "node:fs";
import { createMetricsRegistry } from "../packages/agent/src/metrics/prometheus.ts";
import { CONSOLE_METRICS } from "../packages/api/src/events/metrics.ts";

const agent = (await createMetricsRegistry(() => null, { backendCounters: true }).getMetricsAsJSON()).map((m) => m.name);
const known = new Set<string>([...agent, ...CONSOLE_METRICS, "up"]);
// PromQL words that look like metric names but are functions, keywords or label names.
const NOT_METRICS = new Set([
  "rate",
  "irate",
  "increase",
  "sum",
  "max",
  "min",
  "avg",
  "count",
  "by",
  "without",
  "time",
  "label_values",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "bool",
  "offset",
]);

function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/"[^"]*"/g, '""')
    .replace(/\[[^\]]*\]/g, "[]")
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
  return [...stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((m) => m[0])
    .filter((w) => (!NOT_METRICS.has(w) && !/^\$|^__/.test(w) && !/^\d/.test(w) && /_/.test(w)) || w === "up");
}

const problems: string[] = [];
const check = (where: string, expr: string) => {
  const names = metricNames(expr);
  if (!names.length) problems.push(`${where}: no metric name in ${expr}`);
  for (const n of names) if (!known.has(n)) problems.push(`${where}: ${n} is not exported by the agent or the console (${expr})`);
};

const dash = JSON.parse(readFileSync(new URL("./grafana/shoal-ipvs.json", import.meta.url), "utf8")) as {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { name: string; query?: unknown }[] };
};
for (const p of dash.panels) for (const t of p.targets) check(`dashboard panel "${p.title}"`, t.expr);
for (const v of dash.templating.list)
  if (typeof v.query === "string" && v.query.startsWith("label_values(")) check(`dashboard variable $${v.name}`, v.query.replace(/^label_values\(([^,)]+).*$/, "$1"));
const rules = readFileSync(new URL("./prometheus/shoal-rules.yml", import.meta.url), "utf8");
for (const m of rules.matchAll(/^\s*expr:\s*(.+)$/gm)) check("prometheus rule", m[1]);

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`deploy/: every query names an exported metric (${known.size} known: ${agent.length} from the agent's registry, ${CONSOLE_METRICS.length} from the console)`);
