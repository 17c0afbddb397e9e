import { POLICE_DISTRICTS } from '@cardtrail/card-lifecycle';
import { DEFAULT_TOKEN_LIFETIME, jwtSettings, mintAccessToken, ROLES, type AuthUser, type Role } from '../auth/jwt';
import { CommandLine } from './command-line';

const USAGE = `Mints a bearer token for local use, signed with JWT_SECRET (JWT_ISSUER, JWT_AUDIENCE).

  npm run token -- --role caseworker --district oslo --sub kari
  npm run token -- --role admin --sub ola --expires-in 1h

Options:
  --role        ${ROLES.join(' | ')} (required)
  --district    police district, required for caseworkers: ${POLICE_DISTRICTS.join(', ')}
  --sub         who the token is for (default: the role)
  --expires-in  lifetime such as 30m, 8h, 7d (default ${DEFAULT_TOKEN_LIFETIME})`;

async function main(): Promise<void> {
  const command = new CommandLine(USAGE);
  const usage = (problem: string) => command.usage(problem);
  const values = command.options(['role', 'district', 'sub', 'expires-in']);
  if (values === null) return;
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) return usage(`--role must be one of ${ROLES.join(', ')}`);
  const district = values.district as AuthUser['district'];
  if (role === 'caseworker' && (!district || !POLICE_DISTRICTS.includes(district))) {
    return usage(`--district must be one of ${POLICE_DISTRICTS.join(', ')} for a caseworker`);
  }
  const config = command.config();
  if (config === null) return;
  const user: AuthUser = role === 'caseworker' ? { sub: values.sub ?? role, role, district } : { sub: values.sub ?? role, role };
  try {
    console.log(await mintAccessToken(user, jwtSettings(config), { expiresIn: values['expires-in'] }));
  } catch (error) {
    return usage((error as Error).message);
  }
}

void main();
