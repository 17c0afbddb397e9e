import { ProblemException } from '../common/problem';
import type { AuthUser } from './jwt';

/**
 * A caseworker reads and writes only cards of their own police district; an admin all of them.
 * Throws a 403 problem otherwise (without naming the card's district).
 */
export function assertDistrictAccess(user: AuthUser, cardDistrict: string): void {
  if (user.role === 'admin') return;
  if (user.district === cardDistrict) return;
  throw new ProblemException({
    status: 403,
    type: 'forbidden-district',
    title: 'Forbidden',
    detail: `This card belongs to another police district; your token is for ${user.district ?? 'no district'}.`,
  });
}
