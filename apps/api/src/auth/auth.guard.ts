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

  /**
   * What each route handler asks for, read from its metadata once: the decorators are fixed at
   * start, so the two reflector walks per request are a lookup after the first.
   */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    const controller = context.getClass();
    let ofController = this.access.get(controller);
    if (ofController === undefined) this.access.set(controller, (ofController = new WeakMap()));
    let access = ofController.get(handler);
    if (access === undefined) {
      const targets = [handler, controller];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      };
      ofController.set(handler, access);
    }
    if (access.public) return true;

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

    const { roles } = access;
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

interface RouteAccess {
  public: boolean;
  roles: Role[] | undefined;
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
