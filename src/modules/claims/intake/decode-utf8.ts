// Uploaded bytes must be UTF-8. A file saved in Windows-1251 or UTF-16 would otherwise turn into
// replacement characters and be stored wrong, so decoding is strict and says where the first bad byte is.
import type { IntakeResult } from './intake-error';

/**
 * Decodes UTF-8 (a leading byte order mark is dropped). Anything else gives one ENCODING error with the
 * 1-based line of the first invalid byte; `source` names the file in the error path.
 */
export function decodeUtf8(bytes: Uint8Array, source = 'input'): IntakeResult<string> {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const message = 'the file is UTF-16 (byte order mark found); save it as UTF-8';
    return { ok: false, errors: [{ path: `${source}:1`, field: '', code: 'ENCODING', message, line: 1 }] };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 10) line++;
    const message = `byte ${bad} is not valid UTF-8; save the file as UTF-8 (not Windows-1251, Latin-1…)`;
    return { ok: false, errors: [{ path: `${source}:${line}`, field: '', code: 'ENCODING', message, line }] };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return {
    ok: true,
    value: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8'),
  };
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [n, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [n, min, cp] = [3, 0x10000, c & 0x07];
    else return i;
    if (i + n >= b.length) return i; // a sequence cut off by the end of the file
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
