import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import type { AuthUser, Role } from './jwt';

export const IS_PUBLIC = 'cardtrail:public';
export const REQUIRED_ROLES = 'cardtrail:roles';

/** Opens a route (or a controller) to callers without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The roles that may call a route (or every route of a controller). Every route needs a valid
 * token unless `@Public()`; without `@Roles` any valid token will do.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiBearerAuth('bearer'), ApiProblems(401, 403));
}

/** The verified caller: `{ sub, role, district? }`. Only on routes that are not public. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('@CurrentUser() used on a route without authentication');
  return user;
});
