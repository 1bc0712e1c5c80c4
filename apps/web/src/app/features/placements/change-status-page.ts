import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { CANCELLATION_REASON_MAX_LENGTH, type Placement } from '@ahp/contracts';
import { PlacementsClient } from '../../data-access/placements-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { UkDatePipe } from '../../shared/label-pipe';
import { RecordError } from '../../shared/notices';

export type StatusChange = 'publish' | 'close' | 'cancel';

const WORDS: Record<
  StatusChange,
  { question: string; explain: string; confirm: string; done: string }
> = {
  publish: {
    question: 'Publish this placement?',
    explain: 'Students and coordinators will be able to find it and apply.',
    confirm: 'Yes, publish it',
    done: 'published',
  },
  close: {
    question: 'Close this placement to applications?',
    explain:
      'It stays visible, but nobody can apply any more. Students already offered a place keep it.',
    confirm: 'Yes, close it',
    done: 'closed',
  },
  cancel: {
    question: 'Cancel this placement?',
    explain:
      'Everyone who applied or was offered a place will be told, with the reason you give. This cannot be undone.',
    confirm: 'Cancel placement',
    done: 'cancelled',
  },
};

/** A confirmation step before publishing, closing or cancelling (which asks for a reason). */
@Component({
  selector: 'app-change-status-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    Field,
    FieldControl,
    UkDatePipe,
    RecordError,
  ],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (placement.hasValue()) {
          @let p = placement.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ p.title }}, {{ p.startDate | ukDate
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            {{ words().question }}
          </h1>
          <p>{{ words().explain }}</p>
          <form [formGroup]="form" (ngSubmit)="confirm(p)" novalidate>
            @if (change() === 'cancel') {
              <app-field
                field="reason"
                label="Why is it being cancelled?"
                hint="This is shown to everyone affected."
                [bold]="true"
                [problems]="problems"
              >
                <textarea
                  appFieldControl="textarea"
                  class="nhsuk-textarea"
                  name="reason"
                  rows="4"
                  formControlName="reason"
                ></textarea>
              </app-field>
            }
            <div class="nhsuk-button-group">
              <button
                class="nhsuk-button"
                [class.nhsuk-button--warning]="change() === 'cancel'"
                type="submit"
                [disabled]="busy()"
              >
                {{ words().confirm }}
              </button>
              <a class="nhsuk-link" [routerLink]="['/placements', p.id]">No, go back</a>
            </div>
          </form>
        } @else if (placement.error()) {
          <app-record-error
            [error]="placement.error()"
            missing="Placement not found"
            failed="The placement could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class ChangeStatusPage {
  readonly id = input.required<string>();
  readonly change = input.required<StatusChange>();

  private readonly client = inject(PlacementsClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly words = computed(() => WORDS[this.change()]);
  protected readonly placement = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.client.get(params.id),
  });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    reason: ['', [Validators.required, Validators.maxLength(CANCELLATION_REASON_MAX_LENGTH)]],
  });

  async confirm(placement: Placement): Promise<void> {
    const change = this.change();
    if (change === 'cancel') {
      const valid = this.problems.check(this.form, {
        reason: {
          required: 'Say why the placement is being cancelled',
          maxlength: `The reason must be ${CANCELLATION_REASON_MAX_LENGTH} characters or fewer`,
        },
      });
      if (!valid) return;
    }
    this.busy.set(true);
    try {
      if (change === 'publish') await this.client.publish(placement.id);
      else if (change === 'close') await this.client.close(placement.id);
      else await this.client.cancel(placement.id, this.form.getRawValue().reason.trim());
      await this.router.navigate(['/placements', placement.id], {
        queryParams: { done: this.words().done },
      });
    } catch (error) {
      this.problems.fromApi(error, change === 'cancel' ? 'reason' : '');
    } finally {
      this.busy.set(false);
    }
  }
}
