import { availableParallelism } from 'node:os';
import { validateEnvironment } from './environment';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe(validateEnvironment.name, () => {
  it('fills in defaults', () => {
    const env = validateEnvironment(base);
    expect(env).toEqual(
      expect.objectContaining({
        PORT: 3000,
        DATA_DIR: '.data',
        DEMO_DATA: false,
        COOKIE_SECURE: true,
        ACCESS_TOKEN_TTL_SECONDS: 900,
      }),
    );
  });

  it('reads numbers and booleans from text, treating empty values as unset', () => {
    const env = validateEnvironment({
      ...base,
      PORT: '8080',
      DEMO_DATA: 'yes',
      COOKIE_SECURE: 'false',
      JWT_SECRET: '',
    });
    expect(env.PORT).toBe(8080);
    expect(env.DEMO_DATA).toBe(true);
    expect(env.COOKIE_SECURE).toBe(false);
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it.each([
    [{}, /DATABASE_URL/],
    [{ ...base, DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ ...base, PORT: 'eighty' }, /PORT/],
    [{ ...base, DEMO_DATA: 'maybe' }, /DEMO_DATA/],
    [{ ...base, JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ ...base, ADMIN_EMAIL: 'not-an-email' }, /ADMIN_EMAIL/],
    [{ ...base, SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ ...base, API_WORKERS: '0' }, /API_WORKERS/],
    [{ ...base, API_WORKERS: 'many' }, /API_WORKERS/],
    [{ ...base, API_WORKERS: '1.5' }, /API_WORKERS/],
    [{ ...base, DB_POOL_SIZE: '1' }, /DB_POOL_SIZE must be a whole number from 2 to 200/],
  ])('refuses %p, naming the setting', (raw, pattern) => {
    expect(() => validateEnvironment(raw)).toThrow(pattern);
  });
});

describe('API_WORKERS', () => {
  const defaultPool = Math.min(10, 2 * availableParallelism() + 1);

  it('is one process by default, with the whole connection pool', () => {
    const env = validateEnvironment(base);
    expect(env.API_WORKERS).toBe(1);
    expect(env.DB_POOL_SIZE).toBe(defaultPool);
  });

  it('shares the default pool among the workers (at least 2 connections each)', () => {
    const env = validateEnvironment({ ...base, API_WORKERS: '2' });
    expect(env.API_WORKERS).toBe(2);
    expect(env.DB_POOL_SIZE).toBe(Math.max(2, Math.ceil(defaultPool / 2)));
    expect(validateEnvironment({ ...base, API_WORKERS: '64' }).DB_POOL_SIZE).toBe(2);
  });

  it('keeps a pool size that was set, and reads auto as one per CPU', () => {
    expect(validateEnvironment({ ...base, API_WORKERS: '4', DB_POOL_SIZE: '7' }).DB_POOL_SIZE).toBe(
      7,
    );
    expect(validateEnvironment({ ...base, API_WORKERS: 'auto' }).API_WORKERS).toBe(
      availableParallelism(),
    );
  });
});

describe('production configuration', () => {
  const production = { ...base, NODE_ENV: 'production' };
  const goodSecret = 'q3Vd9kZr7Lx2Wm8Pt4Ny6Hb1Jc5Fg0Ss-Ua_Ee';

  it('starts with a real secret', () => {
    expect(validateEnvironment({ ...production, JWT_SECRET: goodSecret }).NODE_ENV).toBe(
      'production',
    );
  });

  it.each([
    ['a missing secret', {}, /JWT_SECRET must be set in production/],
    [
      'a placeholder secret',
      { JWT_SECRET: 'change-me-to-a-long-random-string-please!!' },
      /placeholder/,
    ],
    ['a repetitive secret', { JWT_SECRET: 'ab'.repeat(20) }, /placeholder or is too repetitive/],
    ['demo data', { JWT_SECRET: goodSecret, DEMO_DATA: 'true' }, /DEMO_DATA/],
    [
      'the demo password for the admin',
      { JWT_SECRET: goodSecret, ADMIN_PASSWORD: 'demo-placements-2026' },
      /ADMIN_PASSWORD/,
    ],
  ])('refuses %s', (_, extra, message) => {
    expect(() => validateEnvironment({ ...production, ...extra })).toThrow(message);
  });

  it('allows a generated secret and demo data outside production', () => {
    expect(validateEnvironment({ ...base, DEMO_DATA: 'true' }).DEMO_DATA).toBe(true);
  });
});
