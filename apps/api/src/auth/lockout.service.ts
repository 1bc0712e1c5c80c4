import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../database/query';

/** How long each successive lockout lasts, in minutes; the last one repeats. */
export const LOCKOUT_MINUTES = [1, 5, 15, 60] as const;

/** Failures older than this no longer count, and the lockout ladder starts again. */
const FORGET_AFTER = `interval '1 day'`;

export interface FailureOutcome {
  /** Set when this failure locked the subject. */
  lockedUntil: Date | null;
  /** How many lockouts in a row, this one included. */
  lockouts: number;
}

/**
 * Per-account limits on guessing, on top of the per-address rate limit: after
 * AUTH_LOCKOUT_THRESHOLD consecutive failures a subject (an account, or an invitation) is locked
 * for 1, then 5, 15 and 60 minutes. Counters live in PostgreSQL so every API process shares them,
 * and are written outside any request transaction so that a failure is never rolled back with
 * the request that failed.
 */
@Injectable()
export class LockoutService {
  private readonly logger = new Logger(LockoutService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** An account, by its e-mail address: an unknown address is counted exactly like a known one. */
  static account(email: string): Buffer {
    return subject(`account:${email.trim().toLowerCase()}`);
  }

  static invitation(tokenHash: Buffer): Buffer {
    return subject(`invitation:${tokenHash.toString('base64')}`);
  }

  async isLocked(subjectKey: Buffer): Promise<boolean> {
    const rows = await queryRows<{ locked: boolean }>(
      this.dataSource.manager,
      `SELECT coalesce(locked_until > now(), false) AS locked FROM auth_failure WHERE subject = $1`,
      [subjectKey],
    );
    return rows[0]?.locked ?? false;
  }

  /** Counts a failure (not while locked: those attempts were refused unchecked) and locks at the threshold. */
  async recordFailure(subjectKey: Buffer): Promise<FailureOutcome> {
    const em = this.dataSource.manager;
    const [counted] = await queryRows<{ failures: number; locked: boolean }>(
      em,
      `INSERT INTO auth_failure AS f (subject, failures, lockouts, last_failure_at)
       VALUES ($1, 1, 0, now())
       ON CONFLICT (subject) DO UPDATE SET
         failures = CASE WHEN f.locked_until > now() THEN f.failures
                         WHEN f.last_failure_at < now() - ${FORGET_AFTER} THEN 1
                         ELSE f.failures + 1 END,
         lockouts = CASE WHEN f.locked_until > now() THEN f.lockouts
                         WHEN f.last_failure_at < now() - ${FORGET_AFTER} THEN 0
                         ELSE f.lockouts END,
         last_failure_at = CASE WHEN f.locked_until > now() THEN f.last_failure_at ELSE now() END
       RETURNING failures, coalesce(locked_until > now(), false) AS locked`,
      [subjectKey],
    );
    if (Math.random() < 0.01) void this.prune();
    if (counted.locked || counted.failures < this.threshold) {
      return { lockedUntil: null, lockouts: 0 };
    }
    // The row lock makes exactly one of several simultaneous failures take the lock.
    const [locked] = await queryRows<{ lockouts: number; locked_until: Date }>(
      em,
      `UPDATE auth_failure
          SET failures = 0,
              lockouts = lockouts + 1,
              locked_until = now() + make_interval(mins => ($3::int[])[LEAST(lockouts + 1, $4)])
        WHERE subject = $1 AND failures >= $2 AND NOT coalesce(locked_until > now(), false)
        RETURNING lockouts, locked_until`,
      [subjectKey, this.threshold, [...LOCKOUT_MINUTES], LOCKOUT_MINUTES.length],
    );
    return locked
      ? { lockedUntil: locked.locked_until, lockouts: locked.lockouts }
      : { lockedUntil: null, lockouts: 0 };
  }

  /** After a successful sign-in: the count and the lockout ladder start again. */
  async reset(subjectKey: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth_failure WHERE subject = $1`, [subjectKey]);
  }

  private get threshold(): number {
    return this.config.get('AUTH_LOCKOUT_THRESHOLD');
  }

  /** Forgets old counters now and then, so guesses at made-up addresses do not pile up. */
  private async prune(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM auth_failure
          WHERE last_failure_at < now() - ${FORGET_AFTER}
            AND (locked_until IS NULL OR locked_until < now())`,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not prune old sign-in failure counters');
    }
  }
}

function subject(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
