import { QueryFailedError } from 'typeorm';
import type { Match } from '@ahp/contracts';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import type { Db } from '../database/db';
import type { NotificationsService } from '../notifications/notifications.service';
import { MatchesService, digestWords } from './matches.service';
import type { MatchRow } from '../applications/views';

const actor = { id: 'coordinator', role: 'coordinator', organisationId: 'uni' } as Actor;

function failure(code: string): QueryFailedError {
  return new QueryFailedError(
    'UPDATE placement_match SET status = $2 …',
    [],
    Object.assign(new Error(code === '40P01' ? 'deadlock detected' : 'other'), { code }),
  );
}

/** The service with its transaction replaced: each call takes the next outcome. */
function serviceWith(...outcomes: (Error | null)[]) {
  const transaction = jest.fn(async () => {
    const next = outcomes.shift();
    if (next) throw next;
  });
  const service = new MatchesService(
    { transaction } as unknown as Db,
    {} as AuditService,
    {} as NotificationsService,
  );
  jest.spyOn(service, 'get').mockResolvedValue({ id: 'match', status: 'approved' } as Match);
  return { service, transaction };
}

describe('MatchesService.decide', () => {
  it('takes a decision again when PostgreSQL ends it as a deadlock', async () => {
    const { service, transaction } = serviceWith(failure('40P01'), null);
    await expect(service.decide(actor, 'match', 'approve')).resolves.toEqual(
      expect.objectContaining({ status: 'approved' }),
    );
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it('gives up after three deadlocks in a row', async () => {
    const { service, transaction } = serviceWith(
      failure('40P01'),
      failure('40P01'),
      failure('40P01'),
      null,
    );
    await expect(service.decide(actor, 'match', 'approve')).rejects.toThrow('deadlock detected');
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('never takes a decision again for any other failure', async () => {
    for (const error of [
      DomainException.conflict('conflict', 'This match is approved.'),
      failure('23P01'),
    ]) {
      const { service, transaction } = serviceWith(error, null);
      await expect(service.decide(actor, 'match', 'approve')).rejects.toBe(error);
      expect(transaction).toHaveBeenCalledTimes(1);
    }
  });
});

describe('digestWords', () => {
  const rows = Array.from(
    { length: 23 },
    (_, i) =>
      ({
        s_name: `Student ${i + 1}`,
        p_title: 'Ward A',
        start_date: '2027-03-01',
        end_date: '2027-04-30',
      }) as MatchRow,
  );

  it('names every match of a few', () => {
    expect(digestWords(rows.slice(0, 2), 'approve', '')).toEqual({
      title: '2 placements approved',
      body: 'Student 1 on Ward A (2027-03-01 to 2027-04-30); Student 2 on Ward A (2027-03-01 to 2027-04-30).',
    });
  });

  it('names twenty of many, counts the rest, and gives the reason', () => {
    const { title, body } = digestWords(rows, 'reject', ' The reason given: the ward closed.');
    expect(title).toBe('23 placements not approved');
    expect(body).toContain('Student 20 on Ward A');
    expect(body).not.toContain('Student 21');
    expect(body).toMatch(/; and 3 more\. The reason given: the ward closed\.$/);
  });
});
