import { TestApp } from '../support/test-app';

describe('cross-origin requests', () => {
  it('answers no cross-origin request unless an origin is configured', async () => {
    const t = await TestApp.start();
    try {
      const preflight = await t.call('OPTIONS', '/api/placements', {
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const read = await t.get('/api/health', { headers: { origin: 'https://evil.example' } });
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('allows exactly the configured origins, without credentials', async () => {
    const t = await TestApp.start({
      CORS_ORIGINS: 'https://placements.northdale.ac.example, https://portal.example:8443',
    });
    try {
      const allowed = await t.call('OPTIONS', '/api/placements', {
        headers: {
          origin: 'https://placements.northdale.ac.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(
        'https://placements.northdale.ac.example',
      );
      expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
      expect(String(allowed.headers['access-control-allow-headers'])).toContain('idempotency-key');

      const other = await t.call('OPTIONS', '/api/placements', {
        headers: {
          origin: 'https://placements.northdale.ac.example.evil.example',
          'access-control-request-method': 'POST',
        },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const port = await t.get('/api/health', {
        headers: { origin: 'https://portal.example:8443' },
      });
      expect(port.headers['access-control-allow-origin']).toBe('https://portal.example:8443');
    } finally {
      await t.close();
    }
  });
});
