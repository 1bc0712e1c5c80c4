import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { Match } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { MatchingClient } from '../../data-access/matching-client';

/**
 * "Add to calendar": fetches the placement's .ics with the signed-in person's token (a plain link
 * would carry no credentials) and hands it to the browser as a download.
 */
@Component({
  selector: 'app-calendar-download',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
      type="button"
      [disabled]="busy()"
      [attr.aria-label]="'Add to calendar: ' + match().placement.title"
      (click)="download()"
    >
      Add to calendar
    </button>
    @if (error()) {
      <p class="nhsuk-error-message" role="alert">
        <span class="nhsuk-u-visually-hidden">Error:</span> {{ error() }}
      </p>
    }
  `,
})
export class CalendarDownload {
  readonly match = input.required<Pick<Match, 'id' | 'placement'>>();
  private readonly client = inject(MatchingClient);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  async download(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const blob = await this.client.calendar(this.match().id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `placement-${this.match().id}.ics`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      this.error.set(`The calendar event could not be downloaded. ${apiError(error).message}`);
    } finally {
      this.busy.set(false);
    }
  }
}
