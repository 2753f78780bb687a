import { z } from "zod";
import { diag, type Diagnostic } from "../diagnostics.ts";
import { fieldLabel } from "./field-labels.ts";

type Issue = z.core.$ZodIssue;

/** Messages the model's own refinements use, so the zh-CN side is not a generic "invalid input". */
const KNOWN: Record<string, string> = {
  "not an IPv4 or IPv6 address": "不是有效的 IPv4 或 IPv6 地址",
  "not an address/prefix like 10.0.2.1/24": "不是 10.0.2.1/24 这样的“地址/前缀长度”",
  "letters, digits, - _ . only": "只能包含字母、数字和 - _ .",
  "not an interface name": "不是有效的网卡名",
};

const TYPE_ZH: Record<string, string> = {
  string: "字符串",
  number: "数字",
  boolean: "布尔值（true/false）",
  object: "对象",
  array: "数组",
  int: "整数",
  bigint: "整数",
  null: "null",
  undefined: "空",
};

/**
 * One Diagnostic per zod issue, en + zh-CN, with its path. `root` is the data that was parsed:
 * finalized zod issues no longer carry the input, so the value shown ("got 70000") is read there.
 */
export function explainZodError(error: z.ZodError | z.core.$ZodError, root?: unknown): Diagnostic[] {
  // Callers catch broadly (tRPC causes, form libraries): anything without issues explains as nothing.
  const issues: unknown = (error as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]).map((issue) => explainIssue(issue, root)) : [];
}

function explainIssue(issue: Issue, root: unknown): Diagnostic {
  const path = issue.path.map((k) => (typeof k === "number" ? k : String(k)));
  const hasRoot = root !== undefined;
  const value = hasRoot ? at(root, path) : undefined;
  const { en: label, zh: labelZh } = fieldLabel(path);
  const shown = hasRoot ? show(value) : undefined;
  const got = shown !== undefined ? ` (got ${shown})` : "";
  const gotZh = shown !== undefined ? `（当前为 ${shown}）` : "";
  const m = message(issue, label, labelZh, got, gotZh, hasRoot, value);
  return diag("error", `schema.${issue.code}`, m.en, m.zh, { path });
}

function message(issue: Issue, label: string, labelZh: string, got: string, gotZh: string, hasRoot: boolean, value: unknown): { en: string; zh: string } {
  const cap = label.charAt(0).toUpperCase() + label.slice(1);
  switch (issue.code) {
    case "invalid_type": {
      const missing = hasRoot ? value === undefined : /received undefined/.test(issue.message);
      if (missing) return { en: `${cap} is required.`, zh: `必须填写${labelZh}。` };
      const exp = String(issue.expected);
      const expEn = exp === "int" ? "whole number" : exp;
      return { en: `${cap} must be a${/^[aeiou]/.test(expEn) ? "n" : ""} ${expEn}${got}.`, zh: `${labelZh}应为${TYPE_ZH[exp] ?? exp}${gotZh}。` };
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const limit = String(big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum);
      const strict = !issue.inclusive;
      if (issue.origin === "string") {
        if (!big && limit === "1") return { en: `${cap} must not be empty.`, zh: `${labelZh}不能为空。` };
        return big
          ? { en: `${cap} is too long: at most ${limit} characters.`, zh: `${labelZh}太长，最多 ${limit} 个字符。` }
          : { en: `${cap} is too short: at least ${limit} characters.`, zh: `${labelZh}太短，至少 ${limit} 个字符。` };
      }
      if (issue.origin === "array" || issue.origin === "set")
        return big
          ? { en: `${cap}: at most ${limit} items.`, zh: `${labelZh}最多 ${limit} 项。` }
          : { en: `${cap}: at least ${limit} item${limit === "1" ? "" : "s"}.`, zh: `${labelZh}至少 ${limit} 项。` };
      if (big)
        return strict
          ? { en: `${cap} must be below ${limit}${got}.`, zh: `${labelZh}必须小于 ${limit}${gotZh}。` }
          : { en: `${cap} must be at most ${limit}${got}.`, zh: `${labelZh}不能大于 ${limit}${gotZh}。` };
      return strict
        ? { en: `${cap} must be above ${limit}${got}.`, zh: `${labelZh}必须大于 ${limit}${gotZh}。` }
        : { en: `${cap} must be at least ${limit}${got}.`, zh: `${labelZh}不能小于 ${limit}${gotZh}。` };
    }
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      if (values.length === 1) return { en: `${cap} must be ${values[0]}${got}.`, zh: `${labelZh}必须是 ${values[0]}${gotZh}。` };
      return { en: `${cap} must be one of ${values.join(", ")}${got}.`, zh: `${labelZh}只能是 ${values.join("、")} 之一${gotZh}。` };
    }
    case "invalid_format": {
      if (issue.format === "starts_with")
        return { en: `${cap} must start with "${(issue as { prefix?: string }).prefix}"${got}.`, zh: `${labelZh}必须以“${(issue as { prefix?: string }).prefix}”开头${gotZh}。` };
      const known = KNOWN[issue.message];
      if (known) return { en: `${cap}: ${issue.message}${got}.`, zh: `${labelZh}：${known}${gotZh}。` };
      return { en: `${cap} has an invalid format${got}.`, zh: `${labelZh}格式不正确${gotZh}。` };
    }
    case "unrecognized_keys":
      return { en: `Unknown field${issue.keys.length > 1 ? "s" : ""} in ${label}: ${issue.keys.join(", ")}.`, zh: `${labelZh}中有未知字段：${issue.keys.join("、")}。` };
    case "invalid_union": {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (discriminator && options?.length) {
        const opts = options.map(String);
        return { en: `${cap} must be one of ${opts.join(", ")}${got}.`, zh: `${labelZh}只能是 ${opts.join("、")} 之一${gotZh}。` };
      }
      return { en: `${cap} does not match any allowed form.`, zh: `${labelZh}不符合任何一种允许的格式。` };
    }
    case "custom": {
      const known = KNOWN[issue.message];
      if (known) return { en: `${cap}: ${issue.message}${got}.`, zh: `${labelZh}：${known}${gotZh}。` };
      return { en: `${cap} is not valid${got}.`, zh: `${labelZh}无效${gotZh}。` };
    }
    default:
      // Every code zod has is phrased above or here: zod's own wording never reaches an operator.
      return { en: `${cap} is not valid${got}.`, zh: `${labelZh}无效${gotZh}。` };
  }
}

function at(root: unknown, path: (string | number)[]): unknown {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Only scalars are worth quoting back to the operator; a whole object would drown the message. */
function show(v: unknown): string | undefined {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  return undefined;
}
