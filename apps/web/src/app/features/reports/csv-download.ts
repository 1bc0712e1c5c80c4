import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { apiError } from '../../core/api-error';
import { saveFile } from '../../shared/save-file';

/** "Download CSV": fetches a report as CSV with the signed-in person's token and saves it. */
@Component({
  selector: 'app-csv-download',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      class="nhsuk-button nhsuk-button--secondary"
      type="button"
      [disabled]="busy()"
      (click)="download()"
    >
      Download CSV<span class="nhsuk-u-visually-hidden"> of {{ what() }}</span>
    </button>
    @if (error()) {
      <p class="nhsuk-error-message" role="alert">
        <span class="nhsuk-u-visually-hidden">Error:</span> {{ error() }}
      </p>
    }
  `,
})
export class CsvDownload {
  /** Which report, for the button's accessible name ("capacity against demand"). */
  readonly what = input.required<string>();
  readonly fetch = input.required<() => Promise<{ blob: Blob; filename: string }>>();
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  async download(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const { blob, filename } = await this.fetch()();
      saveFile(blob, filename);
    } catch (error) {
      this.error.set(`The CSV file could not be downloaded. ${apiError(error).message}`);
    } finally {
      this.busy.set(false);
    }
  }
}
