import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en.ts";
import { zhCN } from "../src/i18n/zh-CN.ts";
import { normalizeLocale, translator } from "../src/i18n/index.ts";
import { detectFormat } from "../src/features/import/detect.ts";

describe("dictionaries", () => {
  it("zh-CN has every key, none empty, with the same {placeholders}", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(zhCN[key]), key).toEqual(vars(en[key]));
    }
  });

  it("fills placeholders and picks the locale from a cookie or Accept-Language value", () => {
    expect(translator("zh-CN")("rev.appliedOk", { n: 3 })).toBe("已应用版本 3。");
    expect(normalizeLocale("zh-TW")).toBe("zh-CN");
    expect(normalizeLocale("de-DE")).toBe("en");
    expect(normalizeLocale(undefined)).toBe("en");
  });
});

describe("import format detection", () => {
  it("recognises the four formats", () => {
    expect(detectFormat("-A -t 192.0.2.1:80 -s rr\n-a -t 192.0.2.1:80 -r 10.0.0.1:80 -g -w 1\n")).toBe("ipvsadm");
    expect(detectFormat("virtual_server 192.0.2.1 80 {\n}\n")).toBe("keepalived");
    expect(detectFormat("serial_no = 1\nprimary = 192.0.2.2\n")).toBe("lvscf");
    expect(detectFormat('  {"format": "shoal-backup"}')).toBe("backup");
    expect(detectFormat("hello")).toBeUndefined();
  });
});
