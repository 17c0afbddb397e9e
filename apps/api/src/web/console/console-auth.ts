import { HttpException, HttpStatus, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@cardtrail/infra';
import { REQUIRED_ROLES } from '../../auth/auth.decorators';
import { InvalidTokenError, jwtSettings, verifyAccessToken, type AuthUser, type JwtSettings, type Role } from '../../auth/jwt';
import { webRequestOf, type PlatformRequest } from '../http/web-request';
import { WebPageException } from '../http/web-page.exception';
import { ConsoleSessions } from './console-session';

/** No valid session: the console's filter answers with the sign-in page (303, the cookie cleared). */
export class ConsoleSignInRequired extends HttpException {
  constructor(readonly reason: 'none' | 'expired' | 'invalid') {
    super('sign-in required', HttpStatus.UNAUTHORIZED);
  }
}

/**
 * The roles that may open a console page (or every page of a controller), under the same metadata
 * key as the API's `@Roles`; without it any signed-in caseworker or admin may.
 */
export const ConsoleRoles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * On every console page but the sign-in page: the session cookie's token verified exactly as the
 * API's `AuthGuard` verifies a bearer token (`verifyAccessToken`, the same settings, the injected
 * clock), then the route's roles. The verified user is put on the request, where `@CurrentUser()`
 * reads it, as on the API. District rules are the API's too: `assertDistrictAccess`, in
 * `ConsoleAccess`, before a card is shown or changed.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  private readonly settings: JwtSettings;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = jwtSettings(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PlatformRequest & { user?: AuthUser }>();
    const token = this.sessions.token(webRequestOf(request));
    if (token === null) throw new ConsoleSignInRequired('none');
    try {
      request.user = await verifyAccessToken(token, this.settings, this.clock.now());
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw new ConsoleSignInRequired(error.message === TOKEN_EXPIRED ? 'expired' : 'invalid');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(request.user.role)) throw new WebPageException('forbidden', 403);
    return true;
  }
}

/** `verifyAccessToken`'s message for a token past its `exp`. */
export const TOKEN_EXPIRED = 'The token has expired.';
