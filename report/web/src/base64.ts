// Base64 (RFC 4648, padded) to bytes, for the inserted data and the stored sketches.

const REVERSE = (() => {
  const table = new Int16Array(256).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

// Throws on anything that is not canonical padded base64, like the C++ decoder.
export function base64Bytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error("base64: length is not a multiple of 4");
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = REVERSE[text.charCodeAt(i)];
    const b = REVERSE[text.charCodeAt(i + 1)];
    const c = last && pad === 2 ? 0 : REVERSE[text.charCodeAt(i + 2)];
    const d = last && pad >= 1 ? 0 : REVERSE[text.charCodeAt(i + 3)];
    if ((a | b | c | d) < 0) throw new Error(`base64: bad character near ${i}`);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    if (last && pad > 0 && (n & (pad === 2 ? 0xffff : 0xff)) !== 0) {
      throw new Error("base64: stray bits before the padding");
    }
  }
  return out;
}
