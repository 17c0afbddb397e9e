export { Public, Roles, CurrentUser } from './auth.decorators';
export { assertDistrictAccess } from './district-access';
export { mintAccessToken, verifyAccessToken, jwtSettings, InvalidTokenError, ROLES, DEFAULT_TOKEN_LIFETIME } from './jwt';
export type { AuthUser, Role, JwtSettings } from './jwt';
