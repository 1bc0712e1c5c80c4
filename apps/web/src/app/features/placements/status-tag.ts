import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PlacementStatus } from '@ahp/contracts';
import { LabelPipe } from '../../shared/label-pipe';

const COLOUR: Record<PlacementStatus, string> = {
  draft: 'nhsuk-tag--grey',
  published: 'nhsuk-tag--green',
  closed: 'nhsuk-tag--yellow',
  cancelled: 'nhsuk-tag--red',
};

/** A placement's status in words (the colour only repeats it). */
@Component({
  selector: 'app-placement-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LabelPipe],
  template: `<strong class="nhsuk-tag" [class]="colour()">{{
    status() | label: 'placementStatus'
  }}</strong>`,
})
export class PlacementStatusTag {
  readonly status = input.required<PlacementStatus>();
  protected readonly colour = computed(() => `nhsuk-tag ${COLOUR[this.status()]}`);
}
