import {
  FEEDBACK_THEMES,
  PROFESSIONS,
  REGIONS,
  SETTINGS,
  UNMATCHED_REASONS,
  labelFor,
  type CapacityGapRow,
  type CapacityRow,
  type FeedbackTrendRow,
  type TimeToApprovalRow,
  type UnmatchedRow,
} from '@ahp/contracts';
import type { ChartConfiguration } from 'chart.js';

/** What a chart shows, in plain data: the page maps report rows to this, the chart draws it. */
export interface ChartSpec {
  kind: 'bar' | 'line';
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  /** What the value axis measures ("Students", "Days"). */
  valueTitle: string;
  /** Bars running across the page, for long labels. */
  horizontal?: boolean;
  /** Ends of the value axis where the scale has them (scores from 1 to 5); else from 0. */
  min?: number;
  max?: number;
}

/** What rows are grouped by: a code list, or calendar months ('YYYY-MM'). */
export type GroupKey = 'profession' | 'region' | 'setting' | 'month';

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A group's key in words: profession, region and setting codes by name; months and quarters. */
export function keyLabel(group: GroupKey, key: string): string {
  switch (group) {
    case 'profession':
      return labelFor(PROFESSIONS, key);
    case 'region':
      return labelFor(REGIONS, key);
    case 'setting':
      return labelFor(SETTINGS, key);
    case 'month':
      return periodLabel(key);
  }
}

/** '2027-03' → "March 2027"; '2027-Q1' → "January to March 2027"; anything else as it is. */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return MONTH.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3;
    const name = (m: number) =>
      new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2000, m, 1)),
      );
    return `${name(first)} to ${name(first + 2)} ${quarter[1]}`;
  }
  return period;
}

export const GROUP_NOUNS: Record<GroupKey, string> = {
  profession: 'profession',
  region: 'region',
  setting: 'setting',
  month: 'month',
};

/** A group as a table's column heading. */
export const GROUP_HEADINGS: Record<GroupKey, string> = {
  profession: 'Profession',
  region: 'Region',
  setting: 'Setting',
  month: 'Month',
};

const COUNT = new Intl.NumberFormat('en-GB');
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** The largest value of one series, with its label; null when there is none. */
function largest(
  labels: string[],
  values: (number | null)[],
): { label: string; value: number } | null {
  let best: { label: string; value: number } | null = null;
  values.forEach((value, i) => {
    if (value !== null && (best === null || value > best.value)) best = { label: labels[i], value };
  });
  return best;
}

// ---- capacity against demand ---------------------------------------------------------------------

export function capacityChart(rows: CapacityRow[], group: GroupKey): ChartSpec {
  return {
    kind: 'bar',
    labels: rows.map((r) => keyLabel(group, r.key)),
    series: [
      { label: 'Seats', data: rows.map((r) => r.seats) },
      { label: 'Approved placements', data: rows.map((r) => r.approved) },
      { label: 'Applications', data: rows.map((r) => r.applications) },
    ],
    valueTitle: 'Number',
  };
}

export function capacitySummary(rows: CapacityRow[], group: GroupKey): string {
  if (!rows.length) return 'Capacity against demand: no placements match these filters.';
  const seats = rows.reduce((sum, r) => sum + r.seats, 0);
  const approved = rows.reduce((sum, r) => sum + r.approved, 0);
  const applications = rows.reduce((sum, r) => sum + r.applications, 0);
  const labels = rows.map((r) => keyLabel(group, r.key));
  const most = largest(
    labels,
    rows.map((r) => r.applications - r.seats),
  );
  const parts = [
    `Bar chart of seats, approved placements and applications by ${GROUP_NOUNS[group]}, ${rows.length} ${rows.length === 1 ? 'group' : 'groups'}.`,
    `In all, ${COUNT.format(approved)} of ${COUNT.format(seats)} seats are filled (${seats ? percent(approved / seats) : '0%'}), with ${COUNT.format(applications)} applications.`,
  ];
  if (most && most.value > 0)
    parts.push(
      `Most applications beyond the seats: ${most.label}, ${COUNT.format(most.value)} more.`,
    );
  return parts.join(' ');
}

// ---- unmatched students ----------------------------------------------------------------------------

export function unmatchedChart(rows: UnmatchedRow[]): ChartSpec {
  return {
    kind: 'bar',
    labels: rows.map((r) => labelFor(UNMATCHED_REASONS, r.reason)),
    series: [{ label: 'Students', data: rows.map((r) => r.students) }],
    valueTitle: 'Students',
    horizontal: true,
  };
}

export function unmatchedSummary(rows: UnmatchedRow[]): string {
  const total = rows.reduce((sum, r) => sum + r.students, 0);
  if (!total) return 'Unmatched students by reason: no student was left unmatched.';
  const most = largest(
    rows.map((r) => labelFor(UNMATCHED_REASONS, r.reason)),
    rows.map((r) => r.students),
  );
  return `Bar chart of unmatched students by reason: ${COUNT.format(total)} ${total === 1 ? 'student' : 'students'} in all. The most common reason: ${most?.label} (${COUNT.format(most?.value ?? 0)}).`;
}

// ---- time to approval ------------------------------------------------------------------------------

export function timeToApprovalChart(rows: TimeToApprovalRow[], group: GroupKey): ChartSpec {
  return {
    kind: 'bar',
    labels: rows.map((r) => keyLabel(group, r.key)),
    series: [
      { label: 'Median days', data: rows.map((r) => r.medianDays) },
      { label: '90th percentile days', data: rows.map((r) => r.p90Days) },
    ],
    valueTitle: 'Days from application to approval',
  };
}

export function timeToApprovalSummary(rows: TimeToApprovalRow[], group: GroupKey): string {
  const approvals = rows.reduce((sum, r) => sum + r.approvals, 0);
  if (!approvals) return 'Time to approval: no approvals match these filters.';
  const labels = rows.map((r) => keyLabel(group, r.key));
  const slowest = largest(
    labels,
    rows.map((r) => r.medianDays),
  );
  return `Bar chart of the median and 90th percentile days from application to approval by ${GROUP_NOUNS[group]}, from ${COUNT.format(approvals)} ${approvals === 1 ? 'approval' : 'approvals'}. Longest median: ${slowest?.label}, ${ONE_DECIMAL.format(slowest?.value ?? 0)} days.`;
}

// ---- feedback over time ----------------------------------------------------------------------------

const SCORE_SERIES = [...FEEDBACK_THEMES, { code: 'overall', label: 'Overall rating' }] as const;

export function feedbackTrendChart(rows: FeedbackTrendRow[]): ChartSpec {
  return {
    kind: 'line',
    labels: rows.map((r) => periodLabel(r.period)),
    series: SCORE_SERIES.map((theme) => ({
      label: theme.label,
      data: rows.map((r) => (r.averages ? r.averages[theme.code] : null)),
    })),
    valueTitle: 'Average score (out of 5)',
    min: 1,
    max: 5,
  };
}

export function feedbackTrendSummary(rows: FeedbackTrendRow[]): string {
  const shown = rows.filter((r) => !r.suppressed && r.averages);
  if (!shown.length)
    return rows.length
      ? 'Feedback by theme over time: every period has fewer than 3 responses, so the figures are hidden.'
      : 'Feedback by theme over time: no feedback matches these filters.';
  const latest = shown[shown.length - 1];
  const first = shown[0];
  const overall = (r: FeedbackTrendRow) => ONE_DECIMAL.format(r.averages?.overall ?? 0);
  const trend =
    shown.length > 1
      ? ` The overall rating went from ${overall(first)} in ${periodLabel(first.period)} to ${overall(latest)} in ${periodLabel(latest.period)}.`
      : ` The overall rating in ${periodLabel(latest.period)} was ${overall(latest)}.`;
  return `Line chart of average scores out of 5 for each theme and overall, over ${rows.length} ${rows.length === 1 ? 'period' : 'periods'}.${trend}`;
}

// ---- capacity gap ----------------------------------------------------------------------------------

/** How many of the largest gaps the chart shows (the table has them all). */
export const GAP_CHART_ROWS = 10;

export function gapLabel(row: Pick<CapacityGapRow, 'profession' | 'region' | 'setting'>): string {
  return [
    keyLabel('profession', row.profession),
    keyLabel('region', row.region),
    keyLabel('setting', row.setting),
  ].join(', ');
}

export function capacityGapChart(rows: CapacityGapRow[]): ChartSpec {
  const top = rows
    .filter((r) => r.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, GAP_CHART_ROWS);
  return {
    kind: 'bar',
    labels: top.map(gapLabel),
    series: [{ label: 'Students new seats would place', data: top.map((r) => r.gap) }],
    valueTitle: 'Students',
    horizontal: true,
  };
}

export function capacityGapSummary(rows: CapacityGapRow[]): string {
  const gaps = rows.filter((r) => r.gap > 0).sort((a, b) => b.gap - a.gap);
  if (!gaps.length) return 'Capacity gap: no unmet demand that new seats would meet.';
  const total = gaps.reduce((sum, r) => sum + r.gap, 0);
  return `Bar chart of the ${Math.min(gaps.length, GAP_CHART_ROWS)} largest capacity gaps. New seats would place ${COUNT.format(total)} ${total === 1 ? 'student' : 'students'} in all; the largest gap is ${gapLabel(gaps[0])}, ${COUNT.format(gaps[0].gap)}.`;
}

// ---- drawing -----------------------------------------------------------------------------------------

/** NHS colours, dark enough to tell apart on white. */
export const SERIES_COLOURS = ['#005eb8', '#330072', '#007f3b', '#ed8b00', '#d5281b', '#425563'];
/** Lines differ by marker and dash too, so they can be told apart without colour. */
const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

/** The chart.js configuration for a spec: no animation, sized by its container. */
export function toChartConfig(spec: ChartSpec): ChartConfiguration<'bar' | 'line'> {
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const categoryAxis = spec.horizontal ? 'y' : 'x';
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series, i) => {
        const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
        return spec.kind === 'line'
          ? {
              label: series.label,
              data: series.data,
              borderColor: colour,
              backgroundColor: colour,
              borderDash: DASHES[i % DASHES.length],
              pointStyle: POINT_STYLES[i % POINT_STYLES.length],
              pointRadius: 5,
              spanGaps: false,
            }
          : { label: series.label, data: series.data, backgroundColor: colour };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: {
        legend: {
          display: spec.series.length > 1,
          labels: { usePointStyle: spec.kind === 'line' },
        },
      },
      scales: {
        [valueAxis]: {
          beginAtZero: spec.min === undefined,
          ...(spec.min !== undefined ? { min: spec.min } : {}),
          ...(spec.max !== undefined ? { max: spec.max } : {}),
          title: { display: true, text: spec.valueTitle },
        },
        [categoryAxis]: { ticks: { autoSkip: false } },
      },
    },
  } as ChartConfiguration<'bar' | 'line'>;
}
