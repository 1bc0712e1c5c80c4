import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Application, MatchStatus } from '@ahp/contracts';
import { StatusTag } from '../../shared/status-tag';

/** Where an offer stands, in the words a student or provider would use. */
export const MATCH_IN_WORDS: Record<MatchStatus, string> = {
  proposed: 'Offered – awaiting approval',
  approved: 'Place confirmed',
  rejected: 'Offer not approved',
  completed: 'Completed',
  cancelled: 'Place cancelled',
};

/**
 * An application's status as the student or provider needs it: once a place is offered, where
 * the match stands ("Offered – awaiting approval", "Place confirmed").
 */
@Component({
  selector: 'app-application-status-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusTag],
  template: `
    @if (matchText(); as text) {
      <app-status-tag kind="match" [status]="application().match!.status" [text]="text" />
    } @else {
      <app-status-tag kind="application" [status]="application().status" />
    }
  `,
})
export class ApplicationStatusTag {
  readonly application = input.required<Pick<Application, 'status' | 'match'>>();
  protected readonly matchText = computed(() => {
    const match = this.application().match;
    return match ? MATCH_IN_WORDS[match.status] : null;
  });
}
