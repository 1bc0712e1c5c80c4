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
  ])('refuses %p, naming the setting', (raw, pattern) => {
    expect(() => validateEnvironment(raw)).toThrow(pattern);
  });
});
