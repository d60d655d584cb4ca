import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { mapException } from './map-exception';
import { requestIdOf } from './request-id';
import { sendError } from './send-error';
import type { HttpRequest } from './http-types';

/** The global filter: every error leaves as `{ error: { code, message, details? }, requestId }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<ServerResponse>();
    const mapped = mapException(exception);
    const requestId = requestIdOf(req);
    if (mapped.unexpected) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${req.method} ${req.originalUrl ?? req.url} failed [request ${requestId}]`, stack);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, mapped.status, mapped.code, mapped.message, mapped.details);
  }
}
