import type { Base64Codec } from "@shoal/core/metrics/index";

/** Node's native base64; the length check in decodeSample catches what Buffer silently skips. */
export const nodeBase64: Base64Codec = {
  encode: (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64"),
  decode: (s) => Buffer.from(s, "base64"),
};
