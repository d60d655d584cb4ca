// The few request/response members the HTTP layer uses, typed over node's own http types (the
// Express type package is not a dependency; Express objects extend these).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpRequest = IncomingMessage & {
  body?: unknown;
  /** The bytes of a JSON body as received (strict intake re-reads them for line numbers). */
  rawBody?: Buffer;
  requestId?: string;
  originalUrl?: string;
  /** Express: path without the query string. */
  path?: string;
  query?: Record<string, unknown>;
  params?: Record<string, string>;
};

export type HttpResponse = ServerResponse;

export type NextFn = (error?: unknown) => void;

/** The media type of a Content-Type header, lower case, without parameters ('' when absent). */
export function mediaTypeOf(req: IncomingMessage): string {
  const header = req.headers['content-type'];
  return typeof header === 'string' ? header.split(';')[0].trim().toLowerCase() : '';
}

/** The charset parameter of Content-Type, lower case, if given. */
export function charsetOf(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  const m = typeof header === 'string' ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** application/json and the structured-syntax variants such as application/fhir+json. */
export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/** True when the request announces a body (a length above zero or a chunked transfer). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}
