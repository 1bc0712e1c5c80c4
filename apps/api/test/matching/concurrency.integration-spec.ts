import type { Match } from '@ahp/contracts';
import { Client } from 'pg';
import { buildApi, startApiProcess, type ApiProcess } from '../support/api-process';
import { TestApp } from '../support/test-app';
import { createWorld, proposedMatch, type World } from './support';

/**
 * The invariants hold under load because the database holds them: a guarded seat update with a
 * check constraint behind it, and an exclusion constraint on a student's approved dates. These
 * tests fire real simultaneous requests, at one API process and at two sharing the database.
 */
describe('approvals under concurrency', () => {
  let t: TestApp;
  let w: World;
  let processes: ApiProcess[] = [];

  beforeAll(async () => {
    buildApi();
    t = await TestApp.start({ DB_POOL_SIZE: '10' });
    w = await createWorld(t);
    processes = await Promise.all([startApiProcess(t.databaseUrl), startApiProcess(t.databaseUrl)]);
  }, 360_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await t?.close();
  });

  let batch = 0;
  /** Imports `count` students in one CSV upload and returns their ids. */
  async function importStudents(count: number): Promise<string[]> {
    batch++;
    const rows = Array.from(
      { length: count },
      (_, i) =>
        `load.${batch}.${i}@student.test.example,Load Student ${batch}-${i},occupational_therapy,2,LS6 2AB,`,
    );
    const reply = await t.post<{ created: number }>('/api/users/import', {
      token: w.coordinator.token,
      headers: { 'content-type': 'text/csv' },
      body: ['email,name,profession,yearOfStudy,homePostcode,maxTravelKm', ...rows].join('\n'),
    });
    if (reply.status !== 200 && reply.status !== 201)
      throw new Error(`Import failed: ${reply.status} ${reply.text}`);
    const found = await t.db.query(`SELECT id FROM app_user WHERE email LIKE $1 ORDER BY email`, [
      `load.${batch}.%`,
    ]);
    return found.map((row: { id: string }) => row.id);
  }

  /**
   * Proposed matches for many students at once, written as the offer endpoint writes them (an
   * offered application and a proposed match each): the approvals are what is under test here.
   */
  async function proposeFor(studentIds: string[], placementId: string): Promise<string[]> {
    await t.db.query(
      `INSERT INTO application (student_id, placement_id, status, rank)
       SELECT s, $2, 'offered', 1 FROM unnest($1::uuid[]) AS s`,
      [studentIds, placementId],
    );
    const rows = await t.db.query(
      `INSERT INTO placement_match (student_id, placement_id, application_id, university_id, provider_id, source, start_date, end_date)
       SELECT a.student_id, p.id, a.id, u.organisation_id, p.provider_id, 'offer', p.start_date, p.end_date
         FROM application a JOIN placement p ON p.id = a.placement_id JOIN app_user u ON u.id = a.student_id
        WHERE a.placement_id = $1 AND a.student_id = ANY($2::uuid[])
       RETURNING id`,
      [placementId, studentIds],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  type Fire = (matchId: string, i: number) => Promise<number>;
  const inProcess: Fire = async (matchId) =>
    (await t.post(`/api/matches/${matchId}/approve`, { token: w.coordinator.token })).status;
  const acrossProcesses: Fire = async (matchId, i) => {
    const response = await fetch(
      `${processes[i % processes.length].url}/api/matches/${matchId}/approve`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${w.coordinator.token}` },
      },
    );
    await response.arrayBuffer();
    return response.status;
  };

  async function seatsAfterStampede(fire: Fire) {
    const placement = await w.placement({ capacity: 3 });
    const matchIds = await proposeFor(await importStudents(120), placement.id);
    const statuses = await Promise.all(matchIds.map((id, i) => fire(id, i)));
    const [db] = await t.db.query(
      `SELECT p.approved_count, (SELECT count(*)::int FROM placement_match m WHERE m.placement_id = p.id AND m.status = 'approved') AS approved
         FROM placement p WHERE p.id = $1`,
      [placement.id],
    );
    return { statuses, db };
  }

  function tally(statuses: number[]) {
    return statuses.reduce<Record<number, number>>(
      (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
      {},
    );
  }

  it('approves exactly 3 of 120 simultaneous approvals for a 3-seat placement; the rest are 409, none 5xx', async () => {
    const { statuses, db } = await seatsAfterStampede(inProcess);
    expect(tally(statuses)).toEqual({ 200: 3, 409: 117 });
    expect(db).toEqual({ approved_count: 3, approved: 3 });
  }, 120_000);

  it('holds the same with the approvals spread over two API processes sharing the database', async () => {
    const { statuses, db } = await seatsAfterStampede(acrossProcesses);
    expect(tally(statuses)).toEqual({ 200: 3, 409: 117 });
    expect(db).toEqual({ approved_count: 3, approved: 3 });
  }, 120_000);

  async function overlapRounds(fire: Fire, rounds: number) {
    const outcomes: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const student = await w.student(`Racer ${round}`);
      const a = await proposedMatch(
        t,
        w,
        student,
        (await w.placement({ startDate: '2027-02-01', endDate: '2027-03-26' })).id,
      );
      const b = await proposedMatch(
        t,
        w,
        student,
        (await w.placement({ startDate: '2027-03-01', endDate: '2027-04-30' })).id,
      );
      const statuses = await Promise.all([fire(a.id, 0), fire(b.id, 1)]);
      const [{ approved }] = await t.db.query(
        `SELECT count(*)::int AS approved FROM placement_match WHERE student_id = $1 AND status = 'approved'`,
        [student.id],
      );
      outcomes.push(`${[...statuses].sort().join('+')} approved=${approved}`);
    }
    return outcomes;
  }

  it('approves exactly one of two simultaneous approvals of overlapping placements for one student', async () => {
    expect(await overlapRounds(inProcess, 8)).toEqual(Array(8).fill('200+409 approved=1'));
  }, 120_000);

  it('approves exactly one of the two across two API processes as well', async () => {
    expect(await overlapRounds(acrossProcesses, 8)).toEqual(Array(8).fill('200+409 approved=1'));
  }, 120_000);

  it('leaves no partial state when the database connection is lost mid-approval', async () => {
    const student = await w.student('Interrupted');
    const placement = await w.placement({ capacity: 1 });
    const match = await proposedMatch(t, w, student, placement.id);
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      // Hold the approval at its last step (telling people), after it has taken the seat, changed
      // the match and written the audit record inside its transaction; then kill its connection.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notification IN EXCLUSIVE MODE');
      const pending = t.post<{ code: string }>(`/api/matches/${match.id}/approve`, {
        token: w.coordinator.token,
      });
      let pid: number | undefined;
      for (let tries = 0; tries < 200 && !pid; tries++) {
        await new Promise((done) => setTimeout(done, 25));
        const rows = await blocker.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO notification%'`,
        );
        pid = rows.rows[0]?.pid;
      }
      expect(pid).toBeDefined();
      const [{ wrote }] = (
        await blocker.query(
          `SELECT count(*)::int AS wrote FROM pg_locks WHERE pid = $1 AND locktype = 'transactionid' AND granted`,
          [pid],
        )
      ).rows;
      expect(wrote).toBeGreaterThan(0); // the approval had already written inside its transaction
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      await blocker.query('COMMIT');
      const reply = await pending;
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('service_unavailable');
    } finally {
      await blocker.end();
    }
    const [state] = await t.db.query(
      `SELECT m.status, p.approved_count,
              (SELECT count(*)::int FROM audit_event WHERE entity_id = m.id AND action = 'match.approved') AS audited,
              (SELECT count(*)::int FROM notification WHERE kind = 'match.approved' AND user_id = m.student_id) AS told
         FROM placement_match m JOIN placement p ON p.id = m.placement_id WHERE m.id = $1`,
      [match.id],
    );
    expect(state).toEqual({ status: 'proposed', approved_count: 0, audited: 0, told: 0 });
    // The pool replaces the lost connection and the approval goes through when tried again.
    const retry = await t.post<Match>(`/api/matches/${match.id}/approve`, {
      token: w.coordinator.token,
    });
    expect(retry.status).toBe(200);
    expect(retry.body.status).toBe('approved');
  }, 60_000);
});
