import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole, type Actor } from './actor';
import { AuthException, AuthExceptionCode } from './auth.exception';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import type { Role } from './entities/role';
import { TokenAuthService } from './token-auth.service';

/**
 * The global guard: authenticates the bearer token (401) and checks the route's roles (403). A route
 * that declares no roles is refused, so a forgotten @Roles fails closed rather than open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: TokenAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const actor = await this.auth.authenticate(req.headers.authorization);
    req.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles === undefined) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} declares no roles`);
      throw new AuthException(AuthExceptionCode.FORBIDDEN, 'this endpoint is not open to any role');
    }
    if (!hasAnyRole(actor, roles)) {
      const allowed = ['admin', ...roles].join(', ');
      throw new AuthException(AuthExceptionCode.FORBIDDEN, `this needs one of the roles ${allowed}`);
    }
    return true;
  }
}
