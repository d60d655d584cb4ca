import { SettlementException, SettlementExceptionCode } from './settlement.exception';

export interface BookRef {
  code: string;
  version: string;
}

/** `CODE@VERSION`, e.g. `UZ-KZG-SAMPLE@2026.1`. */
export function parseBookRef(text: string): BookRef {
  const at = text.lastIndexOf('@');
  const code = text.slice(0, at).trim();
  const version = text.slice(at + 1).trim();
  if (at <= 0 || code === '' || version === '' || code.length > 64 || version.length > 32) {
    throw new SettlementException(SettlementExceptionCode.INVALID_REQUEST, `book "${text}" is not CODE@VERSION`, [
      { path: 'book', field: 'book', code: 'FORMAT', message: 'expected CODE@VERSION' },
    ]);
  }
  return { code, version };
}

export function formatBookRef(ref: BookRef): string {
  return `${ref.code}@${ref.version}`;
}
