import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@cardtrail/infra';
import { ProblemException } from '../common/problem';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { InvalidTokenError, jwtSettings, verifyAccessToken, type AuthUser, type JwtSettings, type Role } from './jwt';

/**
 * Global guard: every route needs `Authorization: Bearer <JWT>` unless marked `@Public()`, and
 * the caller's role must be one the route's `@Roles(...)` lists. 401 (with `WWW-Authenticate`,
 * RFC 6750) when the token is missing or invalid, 403 when the role is not allowed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly settings: JwtSettings;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = jwtSettings(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; user?: AuthUser }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw unauthorized('This endpoint needs a bearer token (Authorization: Bearer <JWT>).', 'Bearer realm="cardtrail"');
    }
    let user: AuthUser;
    try {
      user = await verifyAccessToken(match[1], this.settings, this.clock.now());
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw unauthorized(error.message, `Bearer realm="cardtrail", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`);
    }
    req.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ProblemException({
        status: 403,
        type: 'forbidden',
        title: 'Forbidden',
        detail: `This endpoint is for ${roles.join(' or ')}; the token's role is ${user.role}.`,
      });
    }
    return true;
  }
}

function unauthorized(detail: string, challenge: string): ProblemException {
  return new ProblemException({
    status: 401,
    type: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': challenge },
  });
}
