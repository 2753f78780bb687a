// The WHATWG text codecs are pure computation (no I/O) and in every runtime core runs in (node,
// browsers), but in neither ES lib: core's tsconfig has no DOM and no node types, so it declares
// the part it uses.
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
