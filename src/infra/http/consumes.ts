// Which body a route takes. A JSON route refuses other media types with 415 up front, instead of
// seeing no body and reporting a confusing "body is required".
import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import { ApiException, HttpErrorCode } from './api-exception';
import { isJsonMediaType, mediaTypeOf, type HttpRequest } from './http-types';

type BodyKind = 'json' | 'csv';
const CONSUMES_KEY = 'hisob:consumes';
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = this.reflector.get<BodyKind | undefined>(CONSUMES_KEY, context.getHandler());
    if (!kind) return true;
    const type = mediaTypeOf(context.switchToHttp().getRequest<HttpRequest>());
    const ok = kind === 'json' ? isJsonMediaType(type) : CSV_TYPES.includes(type);
    if (ok) return true;
    const wanted = kind === 'json' ? 'application/json' : 'text/csv';
    throw new ApiException(
      415,
      HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `this endpoint takes ${wanted}; the request's Content-Type is ${type === '' ? 'missing' : type}`,
    );
  }
}

/** The route takes a JSON body (application/json or application/*+json). */
export function ConsumesJson(...mediaTypes: string[]): MethodDecorator {
  return applyDecorators(
    SetMetadata(CONSUMES_KEY, 'json'),
    UseGuards(ContentTypeGuard),
    ApiConsumes('application/json', ...mediaTypes),
  );
}

/** The route streams a CSV body itself. */
export function ConsumesCsv(): MethodDecorator {
  return applyDecorators(SetMetadata(CONSUMES_KEY, 'csv'), UseGuards(ContentTypeGuard), ApiConsumes('text/csv'));
}
