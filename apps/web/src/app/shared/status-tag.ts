import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type {
  AllocationRoundStatus,
  ApplicationStatus,
  MatchStatus,
  PlacementStatus,
} from '@ahp/contracts';
import { LabelPipe, type LabelList } from './label-pipe';

type Kind = 'placement' | 'application' | 'match' | 'round';

const COLOURS: {
  placement: Record<PlacementStatus, string>;
  application: Record<ApplicationStatus, string>;
  match: Record<MatchStatus, string>;
  round: Record<AllocationRoundStatus, string>;
} = {
  placement: {
    draft: 'nhsuk-tag--grey',
    published: 'nhsuk-tag--green',
    closed: 'nhsuk-tag--yellow',
    cancelled: 'nhsuk-tag--red',
  },
  application: {
    submitted: 'nhsuk-tag--blue',
    offered: 'nhsuk-tag--green',
    declined: 'nhsuk-tag--red',
    withdrawn: 'nhsuk-tag--grey',
  },
  match: {
    proposed: 'nhsuk-tag--yellow',
    approved: 'nhsuk-tag--green',
    rejected: 'nhsuk-tag--red',
    completed: 'nhsuk-tag--blue',
    cancelled: 'nhsuk-tag--grey',
  },
  round: {
    draft: 'nhsuk-tag--grey',
    running: 'nhsuk-tag--blue',
    proposed: 'nhsuk-tag--yellow',
    approved: 'nhsuk-tag--green',
    failed: 'nhsuk-tag--red',
  },
};

const LISTS: Record<Kind, LabelList> = {
  placement: 'placementStatus',
  application: 'applicationStatus',
  match: 'matchStatus',
  round: 'roundStatus',
};

/** A status in words (the colour only repeats it): `<app-status-tag kind="match" [status]="m.status" />`. */
@Component({
  selector: 'app-status-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LabelPipe],
  template: `<strong [class]="colour()">{{ text() || (status() | label: list()) }}</strong>`,
})
export class StatusTag {
  readonly kind = input<Kind>('placement');
  readonly status = input.required<string>();
  /** Words to show instead of the status's own label (the colour still follows the status). */
  readonly text = input<string>();
  protected readonly list = computed(() => LISTS[this.kind()]);
  protected readonly colour = computed(() => {
    const colours = COLOURS[this.kind()] as Record<string, string>;
    return `nhsuk-tag ${colours[this.status()] ?? 'nhsuk-tag--grey'}`;
  });
}
