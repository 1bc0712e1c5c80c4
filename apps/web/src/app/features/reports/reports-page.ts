import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  resource,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import {
  FEEDBACK_THEMES,
  PROFESSIONS,
  REGIONS,
  SETTINGS,
  labelFor,
  type CapacityGroup,
  type DurationGroup,
  type Profession,
  type Region,
  type Setting,
  UNMATCHED_REASONS,
} from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { Session } from '../../core/session';
import {
  ReportsClient,
  type FeedbackPeriod,
  type ReportFilters,
  type ReportName,
  type ReportQueries,
  type ReportRows,
} from '../../data-access/reports-client';
import { DateInput, calendarDate } from '../../shared/date-input';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { FormProblems, type ErrorMessages } from '../../shared/form-problems';
import { LoadError } from '../../shared/notices';
import { formatAverage, formatRate } from '../feedback/feedback-words';
import { ChoiceRadios } from './choice-radios';
import { CsvDownload } from './csv-download';
import { ReportChart } from './report-chart';
import {
  GROUP_HEADINGS,
  GROUP_NOUNS,
  capacityChart,
  capacityGapChart,
  capacityGapSummary,
  capacitySummary,
  feedbackTrendChart,
  feedbackTrendSummary,
  keyLabel,
  percent,
  periodLabel,
  timeToApprovalChart,
  timeToApprovalSummary,
  unmatchedChart,
  unmatchedSummary,
} from './report-charts';

const FILTER_MESSAGES: ErrorMessages = {
  from: { date: 'Enter a real date for "from", like 1 9 2027' },
  to: { date: 'Enter a real date for "to", like 31 8 2028' },
};

const CAPACITY_GROUP_OPTIONS = [
  { code: 'profession', label: 'Profession' },
  { code: 'region', label: 'Region' },
  { code: 'setting', label: 'Setting' },
] as const;
const DURATION_GROUP_OPTIONS = [...CAPACITY_GROUP_OPTIONS, { code: 'month', label: 'Month' }];
const PERIOD_OPTIONS = [
  { code: 'month', label: 'Month' },
  { code: 'quarter', label: 'Quarter' },
] as const;

const DAYS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

type ReportRowsOf<R extends ReportName> = ReportRows[R];

/** What a report resource holds: its rows and the grouping they were asked for. */
interface Loaded<T, G = undefined> {
  rows: T[];
  group: G;
}

/**
 * The reports dashboard: capacity against demand, why students were left unmatched, how long
 * approval takes, feedback by theme over time and where capacity is missing. Each chart has its
 * figures in a table beside it and a CSV download of the same rows.
 */
@Component({
  selector: 'app-reports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    ErrorSummary,
    Field,
    FieldControl,
    FieldGroup,
    DateInput,
    LoadError,
    ChoiceRadios,
    CsvDownload,
    ReportChart,
  ],
  templateUrl: './reports-page.html',
})
export class ReportsPage {
  private readonly client = inject(ReportsClient);
  private readonly session = inject(Session);
  protected readonly problems = new FormProblems();
  protected readonly professions = PROFESSIONS;
  protected readonly regions = REGIONS;
  protected readonly settings = SETTINGS;
  protected readonly themes = FEEDBACK_THEMES;
  protected readonly capacityGroups = CAPACITY_GROUP_OPTIONS;
  protected readonly durationGroups = DURATION_GROUP_OPTIONS;
  protected readonly periods = PERIOD_OPTIONS;
  protected readonly keyLabel = keyLabel;
  protected readonly periodLabel = periodLabel;
  protected readonly groupNouns = GROUP_NOUNS;
  protected readonly groupHeadings = GROUP_HEADINGS;
  protected readonly percent = percent;
  protected readonly average = formatAverage;
  protected readonly rate = formatRate;

  protected readonly form = inject(FormBuilder).nonNullable.group({
    from: ['', calendarDate],
    to: ['', calendarDate],
    profession: [''],
    region: [''],
    setting: [''],
  });
  protected readonly filters = signal<ReportFilters>({});
  protected readonly capacityGroup = signal<CapacityGroup>('profession');
  protected readonly durationGroup = signal<DurationGroup>('month');
  protected readonly period = signal<FeedbackPeriod>('quarter');
  /** Providers see their own placements; unmatched students belong to universities' rounds. */
  protected readonly showUnmatched = computed(() => this.session.role() !== 'provider');
  protected readonly scope = computed(() => {
    switch (this.session.role()) {
      case 'provider':
        return 'These reports cover your own placements.';
      case 'coordinator':
        return "These reports cover your university's students and the placements they applied for.";
      default:
        return 'These reports cover every university and provider.';
    }
  });

  protected readonly capacity = resource({
    params: () => ({ ...this.filters(), groupBy: this.capacityGroup() }),
    loader: async ({ params }): Promise<Loaded<ReportRowsOf<'capacity'>, CapacityGroup>> => ({
      rows: await this.client.rows('capacity', params),
      group: params.groupBy,
    }),
  });
  protected readonly unmatched = resource({
    params: () => (this.showUnmatched() ? this.unmatchedFilters() : undefined),
    loader: async ({ params }): Promise<Loaded<ReportRowsOf<'unmatched'>>> => ({
      rows: await this.client.rows('unmatched', params),
      group: undefined,
    }),
  });
  protected readonly timeToApproval = resource({
    params: () => ({ ...this.filters(), groupBy: this.durationGroup() }),
    loader: async ({
      params,
    }): Promise<Loaded<ReportRowsOf<'time-to-approval'>, DurationGroup>> => ({
      rows: await this.client.rows('time-to-approval', params),
      group: params.groupBy,
    }),
  });
  protected readonly feedback = resource({
    params: () => ({ ...this.filters(), period: this.period() }),
    loader: async ({ params }): Promise<Loaded<ReportRowsOf<'feedback'>, FeedbackPeriod>> => ({
      rows: await this.client.rows('feedback', params),
      group: params.period,
    }),
  });
  protected readonly capacityGap = resource({
    params: () => ({ ...this.filters() }),
    loader: async ({ params }): Promise<Loaded<ReportRowsOf<'capacity-gap'>>> => ({
      rows: await this.client.rows('capacity-gap', params),
      group: undefined,
    }),
  });

  protected readonly capacityView = computed(() => {
    if (!this.capacity.hasValue()) return null;
    const { rows, group } = this.capacity.value();
    return { rows, group, spec: capacityChart(rows, group), summary: capacitySummary(rows, group) };
  });
  protected readonly unmatchedView = computed(() => {
    if (!this.unmatched.hasValue()) return null;
    const { rows } = this.unmatched.value();
    const total = rows.reduce((sum, r) => sum + r.students, 0);
    return {
      rows: rows.map((r) => ({ ...r, label: labelFor(UNMATCHED_REASONS, r.reason) })),
      total,
      spec: unmatchedChart(rows),
      summary: unmatchedSummary(rows),
    };
  });
  protected readonly timeToApprovalView = computed(() => {
    if (!this.timeToApproval.hasValue()) return null;
    const { rows, group } = this.timeToApproval.value();
    return {
      rows,
      group,
      spec: timeToApprovalChart(rows, group),
      summary: timeToApprovalSummary(rows, group),
    };
  });
  protected readonly feedbackView = computed(() => {
    if (!this.feedback.hasValue()) return null;
    const { rows } = this.feedback.value();
    return { rows, spec: feedbackTrendChart(rows), summary: feedbackTrendSummary(rows) };
  });
  protected readonly capacityGapView = computed(() => {
    if (!this.capacityGap.hasValue()) return null;
    const { rows } = this.capacityGap.value();
    return {
      rows,
      spec: capacityGapChart(rows),
      summary: capacityGapSummary(rows),
      hasGap: rows.some((r) => r.gap > 0),
    };
  });

  protected errorOf(error: unknown): string {
    return apiError(error).message;
  }

  protected days(value: number | null): string {
    return value === null ? '–' : DAYS.format(value);
  }

  protected applyFilters(): void {
    if (!this.problems.check(this.form, FILTER_MESSAGES)) return;
    const { from, to, profession, region, setting } = this.form.getRawValue();
    if (from && to && to < from) {
      this.problems.list.set([
        { field: 'to', message: 'The "to" date must be on or after "from"' },
      ]);
      return;
    }
    this.filters.set({
      from: from || undefined,
      to: to || undefined,
      profession: (profession || undefined) as Profession | undefined,
      region: (region || undefined) as Region | undefined,
      setting: (setting || undefined) as Setting | undefined,
    });
  }

  protected clearFilters(): void {
    this.form.reset();
    this.problems.clear();
    this.filters.set({});
  }

  /** Each report's CSV, with the filters and grouping on screen. */
  protected readonly capacityCsv = computed(() =>
    this.csv('capacity', { ...this.filters(), groupBy: this.capacityGroup() }),
  );
  protected readonly unmatchedCsv = computed(() => this.csv('unmatched', this.unmatchedFilters()));
  protected readonly timeToApprovalCsv = computed(() =>
    this.csv('time-to-approval', { ...this.filters(), groupBy: this.durationGroup() }),
  );
  protected readonly feedbackCsv = computed(() =>
    this.csv('feedback', { ...this.filters(), period: this.period() }),
  );
  protected readonly capacityGapCsv = computed(() =>
    this.csv('capacity-gap', { ...this.filters() }),
  );

  private unmatchedFilters(): ReportQueries['unmatched'] {
    const { from, to, profession } = this.filters();
    return { from, to, profession };
  }

  private csv<R extends ReportName>(
    report: R,
    query: ReportQueries[R],
  ): () => Promise<{ blob: Blob; filename: string }> {
    return () => this.client.csv(report, query);
  }

  protected setCapacityGroup(code: string): void {
    this.capacityGroup.set(code as CapacityGroup);
  }

  protected setDurationGroup(code: string): void {
    this.durationGroup.set(code as DurationGroup);
  }

  protected setPeriod(code: string): void {
    this.period.set(code as FeedbackPeriod);
  }
}
