import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';

/**
 * Whose data a report may count. Decided here from the actor alone, and written into each
 * query's WHERE clauses, so a report cannot be widened by a filter or forget its scope.
 */
export type ReportScope =
  | { kind: 'all' }
  | { kind: 'university'; organisationId: string }
  | { kind: 'provider'; organisationId: string };

export function reportScope(actor: Actor): ReportScope {
  if (actor.role === 'admin') return { kind: 'all' };
  if (actor.role === 'coordinator' && actor.organisationId)
    return { kind: 'university', organisationId: actor.organisationId };
  if (actor.role === 'provider' && actor.organisationId)
    return { kind: 'provider', organisationId: actor.organisationId };
  throw DomainException.forbidden('Reports are for coordinators, providers and admins.');
}

/** Positional parameters for one statement: `add(value)` gives its `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `to` before `from` is a mistake the caller should hear about, not an empty report. */
export function assertWindow(from: string | undefined, to: string | undefined): void {
  if (from && to && to < from) {
    throw DomainException.invalidField('to', 'to must be on or after from');
  }
}
