import type { Application, BulkResult, Match } from '@ahp/contracts';
import { MaintenanceService } from '../../src/maintenance/maintenance.service';
import { GOOD_PASSWORD, TestApp } from '../support/test-app';
import { apply, createWorld, proposedMatch, type World } from './support';

describe('Idempotency-Key on mutating POSTs', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ DB_POOL_SIZE: '8' });
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]) =>
    Number((await t.db.query(sql, params))[0].count);
  const applications = (studentId: string) =>
    count(`SELECT count(*) FROM application WHERE student_id = $1`, [studentId]);

  it('replays the first response to a repeat with the same key and body, with no second effect', async () => {
    const student = await w.student();
    const placement = await w.placement();
    const request = {
      token: student.token,
      body: { placementId: placement.id },
      headers: { 'idempotency-key': 'apply-1' },
    };
    const first = await t.post<Application>('/api/applications', request);
    const second = await t.post<Application>('/api/applications', request);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await applications(student.id)).toBe(1);
    // Without the key the same request is a second attempt, and a conflict.
    expect(
      (
        await t.post('/api/applications', {
          token: student.token,
          body: { placementId: placement.id },
        })
      ).status,
    ).toBe(409);
  });

  it('answers 422 to the same key with a different body, and changes nothing', async () => {
    const student = await w.student();
    const [a, b] = [await w.placement(), await w.placement()];
    const headers = { 'idempotency-key': 'apply-2' };
    expect(
      (
        await t.post('/api/applications', {
          token: student.token,
          headers,
          body: { placementId: a.id },
        })
      ).status,
    ).toBe(201);
    const reused = await t.post('/api/applications', {
      token: student.token,
      headers,
      body: { placementId: b.id },
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual(expect.objectContaining({ code: 'idempotency_key_reused' }));
    expect(await applications(student.id)).toBe(1);
  });

  it('keeps keys per person: another student’s identical key is their own request', async () => {
    const placement = await w.placement();
    const [one, two] = [await w.student(), await w.student()];
    const headers = { 'idempotency-key': 'same-key' };
    const first = await t.post<Application>('/api/applications', {
      token: one.token,
      headers,
      body: { placementId: placement.id },
    });
    const second = await t.post<Application>('/api/applications', {
      token: two.token,
      headers,
      body: { placementId: placement.id },
    });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('gives simultaneous repeats one effect and one answer', async () => {
    const student = await w.student();
    const placement = await w.placement();
    const request = {
      token: student.token,
      body: { placementId: placement.id },
      headers: { 'idempotency-key': 'racing' },
    };
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => t.post<Application>('/api/applications', request)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(await applications(student.id)).toBe(1);
  });

  it('stores nothing for a request that failed, so it can be retried with the same key', async () => {
    const student = await w.student();
    const placement = await w.placement({}, false);
    const request = {
      token: student.token,
      body: { placementId: placement.id },
      headers: { 'idempotency-key': 'retry-me' },
    };
    expect((await t.post('/api/applications', request)).status).toBe(409);
    await t.post(`/api/placements/${placement.id}/publish`, { token: w.provider.token });
    expect((await t.post('/api/applications', request)).status).toBe(201);
  });

  it('makes a repeated approval (or bulk approval) a replay, not a 409, with one audit record', async () => {
    const match = await proposedMatch(t, w, await w.student(), (await w.placement()).id);
    const request = {
      token: w.coordinator.token,
      headers: { 'idempotency-key': `approve-${match.id}` },
    };
    const first = await t.post<Match>(`/api/matches/${match.id}/approve`, request);
    const again = await t.post<Match>(`/api/matches/${match.id}/approve`, request);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    expect(
      await count(
        `SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'match.approved'`,
        [match.id],
      ),
    ).toBe(1);

    const other = await proposedMatch(t, w, await w.student(), (await w.placement()).id);
    const bulk = {
      token: w.coordinator.token,
      headers: { 'idempotency-key': 'bulk-1' },
      body: { matchIds: [other.id] },
    };
    const bulkFirst = await t.post<BulkResult>('/api/matches/approve', bulk);
    const bulkAgain = await t.post<BulkResult>('/api/matches/approve', bulk);
    expect(bulkFirst.body).toEqual({ succeeded: [other.id], failed: [] });
    expect(bulkAgain.body).toEqual(bulkFirst.body);
  });

  it('commits each item of a keyed bulk approval on its own, even when one of them fails in the database', async () => {
    const student = await w.student('Overlapping');
    const first = await proposedMatch(t, w, student, (await w.placement()).id);
    const clash = await proposedMatch(t, w, student, (await w.placement()).id);
    const fine = await proposedMatch(t, w, await w.student(), (await w.placement()).id);
    const reply = await t.post<BulkResult>('/api/matches/approve', {
      token: w.coordinator.token,
      headers: { 'idempotency-key': 'bulk-with-clash' },
      body: { matchIds: [first.id, clash.id, fine.id] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.succeeded).toEqual([first.id, fine.id]);
    expect(reply.body.failed).toEqual([
      {
        matchId: clash.id,
        statusCode: 409,
        message: expect.stringMatching(/overlapping|these dates/),
      },
    ]);
  });

  it('refuses a malformed key with 400', async () => {
    const student = await w.student();
    for (const key of ['has space', 'x'.repeat(201)]) {
      const reply = await t.post('/api/applications', {
        token: student.token,
        headers: { 'idempotency-key': key },
        body: { placementId: (await w.placement()).id },
      });
      expect(reply.status).toBe(400);
    }
    expect(await applications(student.id)).toBe(0);
  });

  it('refuses a key on requests that answer with secrets, so none is ever stored', async () => {
    const student = await w.student();
    const changed = await t.post('/api/me/password', {
      token: student.token,
      body: { currentPassword: GOOD_PASSWORD, newPassword: 'another-lantern-58-softly' },
      headers: { 'idempotency-key': 'password-1' },
    });
    expect(changed.status).toBe(400);
    expect(changed.text).toMatch(/never stored/);
    const enrol = await t.post('/api/me/mfa/enrol', {
      token: student.token,
      headers: { 'idempotency-key': 'enrol-1' },
    });
    expect(enrol.status).toBe(400);
    expect(
      await count(`SELECT count(*) FROM idempotency_key WHERE actor_id = $1`, [student.id]),
    ).toBe(0);
    // The password did not change: the old one still signs in.
    expect((await t.login(student.email, GOOD_PASSWORD)).accessToken).toEqual(expect.any(String));
  });

  it('keeps keys for the retention period and then forgets them, on an hourly schedule', async () => {
    const student = await w.student();
    await apply(t, student, (await w.placement()).id);
    await t.post('/api/applications', {
      token: student.token,
      headers: { 'idempotency-key': 'old-key' },
      body: { placementId: (await w.placement()).id },
    });
    await t.post('/api/applications', {
      token: student.token,
      headers: { 'idempotency-key': 'recent-key' },
      body: { placementId: (await w.placement()).id },
    });
    await t.db.query(
      `UPDATE idempotency_key SET created_at = now() - interval '49 hours' WHERE key = 'old-key'`,
    );
    await t.db.query(
      `UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'recent-key'`,
    );
    const report = await t.app.get(MaintenanceService).run();
    expect(report.idempotencyKeysDeleted).toBeGreaterThanOrEqual(1);
    const keys = (
      await t.db.query(`SELECT key FROM idempotency_key WHERE actor_id = $1`, [student.id])
    ).map((r: { key: string }) => r.key);
    expect(keys).toEqual(['recent-key']);
    const [schedule] = await t.db.query(
      `SELECT name, cron, options->>'tz' AS tz FROM pgboss.schedule WHERE name = 'maintenance'`,
    );
    expect(schedule).toEqual({ name: 'maintenance', cron: '17 * * * *', tz: 'Europe/London' });
  });
});
