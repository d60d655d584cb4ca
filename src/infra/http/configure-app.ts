import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX } from './api-prefix';
import { DEFAULT_MAX_JSON_BYTES, jsonBodyMiddleware } from './json-body';
import { setupOpenApi } from './openapi';
import { requestIdMiddleware } from './request-id';
import type { NextFn } from './http-types';

export interface HttpOptions {
  /** Largest JSON body accepted (413 beyond). */
  maxJsonBytes?: number;
  /** Version shown in the OpenAPI description. */
  version?: string;
}

/**
 * Everything the HTTP app needs besides its modules, shared by main.ts and the API tests so both run
 * the same pipeline: request ids, strict JSON bodies, the /api/v1 prefix and the OpenAPI description.
 * The app must be created with `bodyParser: false` (the JSON reader here replaces Express's).
 */
export function configureHttpApp(app: INestApplication, options: HttpOptions = {}): void {
  const use = (fn: (req: IncomingMessage, res: ServerResponse, next: NextFn) => void) => app.use(fn);
  use(requestIdMiddleware);
  use(noSniff);
  use(jsonBodyMiddleware(options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  setupOpenApi(app, options.version ?? '0');
}

function noSniff(_req: IncomingMessage, res: ServerResponse, next: NextFn): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}
