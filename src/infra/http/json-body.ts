// Reads JSON bodies strictly: bounded size, UTF-8 only, and a parser that refuses duplicate keys and
// says where (line, column, JSON path) the text went wrong. Express's own parser would keep the last of
// duplicate keys silently and only say "Unexpected token". text/csv bodies are left to their route,
// which streams them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeUtf8 } from '../../modules/claims/intake/decode-utf8';
import type { IntakeError } from '../../modules/claims/intake/intake-error';
import { parseStrictJson } from '../../modules/claims/intake/strict-json';
import { HttpErrorCode, type ErrorDetail } from './api-exception';
import { charsetOf, hasBody, isJsonMediaType, mediaTypeOf, type HttpRequest, type NextFn } from './http-types';
import { sendError } from './send-error';

/** 16 MiB: a batch of 10,000 cases is about 6 MiB of JSON. */
export const DEFAULT_MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Deepest nesting accepted in a JSON body (a FHIR Claim is about 8 deep). */
const MAX_JSON_DEPTH = 64;
/** A body announced this much larger than the limit is not drained: the connection is closed instead. */
const DRAIN_FACTOR = 4;

export function jsonBodyMiddleware(maxBytes = DEFAULT_MAX_JSON_BYTES) {
  return (req: IncomingMessage, res: ServerResponse, next: NextFn): void => {
    const type = mediaTypeOf(req);
    if (!isJsonMediaType(type) || !hasBody(req)) return next();
    const request = req as HttpRequest;
    const charset = charsetOf(req);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return refuse(
        req,
        res,
        415,
        HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `charset ${charset} is not accepted; send UTF-8`,
      );
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return refuse(
        req,
        res,
        415,
        HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `Content-Encoding ${encoding} is not accepted`,
      );
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxBytes) return tooLarge(req, res, maxBytes, declared > maxBytes * DRAIN_FACTOR);

    readLimited(req, maxBytes).then(
      (bytes) => {
        if (bytes === undefined) return tooLarge(req, res, maxBytes, false);
        request.rawBody = bytes;
        if (bytes.length === 0) {
          request.body = undefined;
          return next();
        }
        const text = decodeUtf8(bytes, 'body');
        if (!text.ok) return invalidJson(req, res, text.errors);
        const parsed = parseStrictJson(text.value, { maxDepth: MAX_JSON_DEPTH });
        if (!parsed.ok) return invalidJson(req, res, parsed.errors);
        request.body = parsed.value.value;
        next();
      },
      // The client went away mid-body: nobody is left to answer.
      () => req.destroy(),
    );
  };
}

/** The body, or undefined once it passes maxBytes (the rest is then read and dropped). */
function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number, closeNow: boolean): void {
  const message = `the request body is larger than the ${formatBytes(maxBytes)} accepted`;
  if (closeNow || req.readableEnded) {
    if (closeNow) res.setHeader('Connection', 'close');
    return sendError(req, res, 413, HttpErrorCode.PAYLOAD_TOO_LARGE, message);
  }
  // Answering before the client finished sending would break its upload with EPIPE instead of a 413.
  req.resume();
  req.once('end', () => sendError(req, res, 413, HttpErrorCode.PAYLOAD_TOO_LARGE, message));
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  req.resume();
  sendError(req, res, status, code, message);
}

function invalidJson(req: IncomingMessage, res: ServerResponse, errors: readonly IntakeError[]): void {
  const details: ErrorDetail[] = errors.map((e) => ({
    path: e.path,
    field: e.field,
    code: e.code,
    message: e.message,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
  }));
  const first = details[0];
  const where =
    first?.line !== undefined ? ` at line ${first.line}${first.column ? `, column ${first.column}` : ''}` : '';
  sendError(
    req,
    res,
    400,
    HttpErrorCode.INVALID_JSON,
    `the body is not valid JSON${where}: ${first?.message ?? ''}`,
    details,
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
