import { AsyncResource } from 'node:async_hooks';
import { IdempotencyInterceptor } from '../src/common/http/idempotency.interceptor';
import { routeTable } from './security/support';
import { TestApp } from './support/test-app';

describe('the platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('reports healthy when the database is reachable', async () => {
    const reply = await t.get<{ status: string }>('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('ok');
  });

  it('answers unknown endpoints with a 404 in the error shape', async () => {
    const reply = await t.get('/api/no-such-thing');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: expect.any(String),
      code: 'not_found',
    });
  });

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const mine = await t.get('/api/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(mine.headers['x-request-id']).toBe('trace-123');
    const bad = await t.get('/api/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers, including a strict content security policy', async () => {
    const reply = await t.get('/api/health');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves an OpenAPI document describing the identity endpoints', async () => {
    const reply = await t.get<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toMatch(/^3\./);
    const expected: [string, string][] = [
      ['/api/auth/login', 'post'],
      ['/api/me', 'get'],
      ['/api/organisations', 'post'],
      ['/api/organisations', 'get'],
      ['/api/users', 'post'],
      ['/api/users/import', 'post'],
      ['/api/health', 'get'],
      ['/api/placements', 'post'],
      ['/api/placements', 'get'],
      ['/api/placements/import', 'post'],
      ['/api/placements/{id}', 'get'],
      ['/api/placements/{id}', 'patch'],
      ['/api/placements/{id}/publish', 'post'],
      ['/api/placements/{id}/close', 'post'],
      ['/api/placements/{id}/cancel', 'post'],
    ];
    for (const [path, method] of expected) {
      expect(reply.body.paths[path]?.[method]).toBeDefined();
    }
    expect(Object.keys(reply.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'LoginDto',
        'LoginResponseDto',
        'CreateUserDto',
        'UserDto',
        'MeDto',
        'OrganisationDto',
        'ApiErrorResponseDto',
        'CreatePlacementDto',
        'PlacementDto',
        'PlacementPageDto',
      ]),
    );
    const docs = await t.get('/api/docs');
    expect(docs.status).toBe(200);
  });

  it('declares an access policy on every route, so none is open by accident', () => {
    const routes = routeTable(t);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => !route.policy).map((route) => route.key)).toEqual([]);
  });

  it('runs the Idempotency-Key interceptor on every POST route and no interceptor elsewhere', () => {
    const routes = routeTable(t);
    const wrong = routes.filter((route) => {
      const idempotent = route.interceptors.some((i) => i instanceof IdempotencyInterceptor);
      return (
        idempotent !== (route.method === 'POST') || route.interceptors.length > (idempotent ? 1 : 0)
      );
    });
    expect(routes.filter((route) => route.method === 'POST').length).toBeGreaterThan(20);
    expect(wrong.map((route) => `${route.key} (${route.handler})`)).toEqual([]);
  });

  it('answers a read without an interceptor chain (no global interceptors)', async () => {
    const token = await t.adminToken();
    // Nest binds each step of an interceptor chain to the request's async context; a read with
    // no interceptors binds nothing.
    const bind = jest.spyOn(AsyncResource, 'bind');
    try {
      expect((await t.get('/api/organisations', { token })).status).toBe(200);
      expect(bind).not.toHaveBeenCalled();
    } finally {
      bind.mockRestore();
    }
  });

  it('measures distances inside the calling query (distance_km is inlined), nulls staying null', async () => {
    const [row] = await t.db.query(
      `SELECT distance_km(51.5074, -0.1278, 53.4808, -2.2426) AS london_manchester,
              distance_km(51.5074, -0.1278, 51.5074, -0.1278) AS nowhere,
              distance_km(NULL, -0.1278, 53.4808, -2.2426) AS unknown`,
    );
    expect(row.london_manchester).toBeGreaterThan(261);
    expect(row.london_manchester).toBeLessThan(264);
    expect(row.nowhere).toBe(0);
    expect(row.unknown).toBeNull();
    // Inlined, the plan shows the formula; called, it would show the function (30 µs a row).
    const plan: { 'QUERY PLAN': string }[] = await t.db.query(
      `EXPLAIN (VERBOSE) SELECT distance_km(p.latitude, p.longitude, 53.4808, -2.2426) FROM placement p`,
    );
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toContain('asin');
    expect(text).not.toContain('distance_km');
  });

  it('keeps the audit log append-only at the database level', async () => {
    await t.adminToken(); // signing in writes an audit event
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_event`);
    expect(count).toBeGreaterThan(0);
    await expect(t.db.query(`UPDATE audit_event SET action = 'tampered'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });
});
