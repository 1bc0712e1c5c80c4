import type { AppConfig } from '../config/app-config';
import { validateEnvironment } from '../config/environment';
import { mfaRequiredRoles } from './mfa-policy';

const SECRET = 'k3Jq9vR2mX7pL4wZ8nB6tY1cH5dF0gS3aE9uV2iO7';

function configFor(raw: Record<string, string>): AppConfig {
  const env = validateEnvironment({ DATABASE_URL: 'postgres://u:p@localhost:5432/db', ...raw });
  return {
    get: (key: keyof typeof env) => env[key],
    isProduction: env.NODE_ENV === 'production',
  } as unknown as AppConfig;
}

describe(mfaRequiredRoles.name, () => {
  it.each([
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET }, ['admin', 'coordinator']],
    [{ NODE_ENV: 'development' }, []],
    [{ NODE_ENV: 'development', DEMO_DATA: 'true' }, []],
    [{ NODE_ENV: 'test' }, []],
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET, MFA_REQUIRED_ROLES: 'none' }, []],
    [{ NODE_ENV: 'test', MFA_REQUIRED_ROLES: 'admin, provider' }, ['admin', 'provider']],
  ])('with %p requires %p', (raw, roles) => {
    expect([...mfaRequiredRoles(configFor(raw))].sort()).toEqual(roles);
  });

  it('refuses a setting that names no known role', () => {
    expect(() => configFor({ MFA_REQUIRED_ROLES: 'admins' })).toThrow(/MFA_REQUIRED_ROLES/);
    expect(() => configFor({ AUTH_LOCKOUT_THRESHOLD: '1' })).toThrow(/AUTH_LOCKOUT_THRESHOLD/);
  });
});
