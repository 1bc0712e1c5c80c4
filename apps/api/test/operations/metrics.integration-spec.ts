import { TestApp } from '../support/test-app';

describe('Prometheus metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('counts requests per route template with latency and errors, and reports the job queues', async () => {
    await t.get('/api/health');
    await t.get('/api/health');
    const admin = await t.adminToken();
    await t.get('/api/placements/00000000-0000-4000-8000-000000000000', { token: admin });
    await t.get('/api/no-such-thing');

    const reply = await t.get<string>('/api/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    const text = reply.text;
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/health",status="200"\} [2-9]/,
    );
    // The template, not the id: one series however many placements are asked for.
    expect(text).toContain('route="/api/placements/:id",status="404"');
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(text).toContain('route="unmatched"');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/api\/health"\}/,
    );
    expect(text).toMatch(/job_queue_depth\{queue="email"\} \d+/);
    expect(text).toMatch(/job_queue_depth\{queue="allocation"\} \d+/);
    expect(text).toContain('# TYPE allocation_round_duration_seconds histogram');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('asks for the scraper’s token when one is configured', async () => {
    const guarded = await TestApp.start({ METRICS_TOKEN: 'scrape-token-0123456789' });
    try {
      expect((await guarded.get('/api/metrics')).status).toBe(401);
      expect(
        (
          await guarded.get('/api/metrics', {
            headers: { authorization: 'Bearer wrong-token-0123456789' },
          })
        ).status,
      ).toBe(401);
      const ok = await guarded.get('/api/metrics', {
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
