// Every request carries an id, echoed in X-Request-Id and in every error body, so a user's report
// ("request 3f2c…") finds the log line. A caller's own well-formed id is kept (tracing across services).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFn } from './http-types';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

type WithRequestId = { requestId?: string };

export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: NextFn): void {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  (req as WithRequestId).requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/** The request's id; a fresh one if the middleware did not run (it always does in the app). */
export function requestIdOf(req: unknown): string {
  const r = req as WithRequestId | undefined;
  if (r && typeof r.requestId === 'string') return r.requestId;
  const id = randomUUID();
  if (r) r.requestId = id;
  return id;
}
