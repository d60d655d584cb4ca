import type { ServerResponse } from 'node:http';
import type { ErrorBody, ErrorDetail } from './api-exception';
import { requestIdOf } from './request-id';

/** Writes the standard error body; used where Nest's exception filters do not reach (body reading). */
export function sendError(
  req: unknown,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: readonly ErrorDetail[],
): void {
  const body: ErrorBody = {
    error: { code, message, ...(details && details.length > 0 ? { details: [...details] } : {}) },
    requestId: requestIdOf(req),
  };
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
