import { ShutdownState } from '../../src/health/probes.controller';
import { TestApp } from '../support/test-app';

describe('liveness and readiness probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('is live and ready while the database answers, without signing in', async () => {
    const live = await t.get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers['cache-control']).toBe('no-store');
    const ready = await t.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok' });
  });

  it('stops being ready once shutdown begins, while staying live for in-flight work', async () => {
    t.app.get(ShutdownState).beforeApplicationShutdown();
    const ready = await t.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual(
      expect.objectContaining({ statusCode: 503, message: 'This process is shutting down.' }),
    );
    expect((await t.get('/api/health/live')).status).toBe(200);
  });
});
