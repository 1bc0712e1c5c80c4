import { TestApp } from './support/test-app';

/** Whatever arrives, the answer is a 4xx in the contract's shape: never a 5xx, never a stack trace. */
describe('bad input anywhere', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const json = { 'content-type': 'application/json' };
  const cases: [string, string, string, Record<string, string>, number][] = [
    ['a JSON array', '/api/users', '[]', json, 400],
    ['a JSON string', '/api/users', '"hello"', json, 400],
    ['JSON null', '/api/users', 'null', json, 400],
    ['a JSON number', '/api/organisations', '42', json, 400],
    ['an empty JSON body', '/api/organisations', '', json, 400],
    ['truncated JSON', '/api/organisations', '{"name": "x"', json, 400],
    ['plain text', '/api/organisations', 'name=x', { 'content-type': 'text/plain' }, 415],
    [
      'a form post',
      '/api/organisations',
      'name=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
    ],
    [
      'a body over 1 MB',
      '/api/organisations',
      JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      json,
      413,
    ],
    [
      'nested objects where text belongs',
      '/api/organisations',
      '{"name":{"$ne":1},"type":"provider","region":"london"}',
      json,
      400,
    ],
    [
      'a prototype-polluting key',
      '/api/organisations',
      '{"__proto__":{"admin":true},"name":"x","type":"provider","region":"london"}',
      json,
      400,
    ],
  ];

  it.each(cases)('answers %s with %s', async (_, url, body, headers, status) => {
    const reply = await t.call<{ statusCode: number; error: string; message: string }>(
      'POST',
      url,
      { token: admin, body, headers },
    );
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual(
      expect.objectContaining({
        statusCode: status,
        error: expect.any(String),
        message: expect.any(String),
      }),
    );
    expect(reply.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it.each([
    ['/api/users?limit=1e3'],
    ['/api/users?limit=-1'],
    ['/api/users?limit=1&limit=2'],
    ['/api/users?role[]=admin'],
    ['/api/organisations?type=university&type=provider'],
    [`/api/organisations?q=${'x'.repeat(101)}`],
    ['/api/users/%00'],
    ['/api/users/00000000-0000-0000-0000-00000000000g'],
  ])('answers the query %s with 400', async (url) => {
    const reply = await t.get(url, { token: admin });
    expect(reply.status).toBe(400);
  });
});
