import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp } from './support/test-app';

describe('serving the web app', () => {
  let t: TestApp;
  const dist = mkdtempSync(join(tmpdir(), 'ahp-web-'));

  beforeAll(async () => {
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><title>AHP Placements</title><app-root></app-root>',
    );
    writeFileSync(join(dist, 'main-ABCD1234.js'), 'console.log("app")');
    t = await TestApp.start({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app at / and for any page address, never cached, so deep links and reloads work', async () => {
    for (const path of ['/', '/students', '/admin/users/new?x=1']) {
      const reply = await t.get(path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/text\/html/);
      expect(reply.text).toContain('<app-root>');
      expect(reply.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed files with a long cache lifetime', async () => {
    const reply = await t.get('/main-ABCD1234.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('keeps unknown API addresses as JSON 404s rather than the app', async () => {
    const reply = await t.get('/api/no-such-thing');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'There is no such endpoint.',
      code: 'not_found',
    });
    expect((await t.post('/api/no-such-thing', { body: {} })).status).toBe(404);
  });

  it('still serves the API', async () => {
    expect((await t.get('/api/health')).status).toBe(200);
  });
});
