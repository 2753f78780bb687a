/**
 * Standard base64 (RFC 4648, with padding) for the wire format's binary matrices, in plain JS so
 * core stays free of Node's Buffer. The console passes Buffer's native codec where speed matters.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  /** Returns null when the text is not valid base64. */
  decode(text: string): Uint8Array | null;
}

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    chunk += i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : "=";
    chunk += i + 2 < bytes.length ? ALPHABET[c & 63]! : "=";
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const q = [0, 1, 2, 3].map((k) => {
      const ch = text.charCodeAt(i + k);
      if (ch === 61 && i + k >= text.length - pad) return 0;
      return ch < 128 ? LOOKUP[ch]! : -1;
    });
    if (q[0]! < 0 || q[1]! < 0 || q[2]! < 0 || q[3]! < 0) return null;
    const n = (q[0]! << 18) | (q[1]! << 12) | (q[2]! << 6) | q[3]!;
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export const pureBase64: Base64Codec = { encode: encodeBase64, decode: decodeBase64 };
