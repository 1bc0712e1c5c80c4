import type { CapacityGapRow, FeedbackTrendRow } from '@ahp/contracts';
import {
  capacityChart,
  capacityGapChart,
  capacityGapSummary,
  capacitySummary,
  feedbackTrendChart,
  feedbackTrendSummary,
  keyLabel,
  periodLabel,
  timeToApprovalSummary,
  toChartConfig,
  unmatchedChart,
  unmatchedSummary,
} from './report-charts';

const averages = (overall: number) => ({
  induction: 4,
  supervision: 4.5,
  facilities: 3,
  learningOpportunities: 4,
  teamwork: 5,
  overall,
});

describe('labels', () => {
  it('names codes and periods in words', () => {
    expect(keyLabel('profession', 'occupational_therapy')).toBe('Occupational therapy');
    expect(keyLabel('region', 'london')).toBe('London');
    expect(keyLabel('setting', 'learning_disability')).toBe('Learning disability');
    expect(keyLabel('month', '2027-03')).toBe('March 2027');
    expect(periodLabel('2027-Q1')).toBe('January to March 2027');
    expect(periodLabel('2027-Q4')).toBe('October to December 2027');
    expect(periodLabel('whenever')).toBe('whenever');
  });
});

describe('capacity against demand', () => {
  const rows = [
    {
      key: 'occupational_therapy',
      placements: 4,
      seats: 10,
      approved: 6,
      applications: 25,
      fillRate: 0.6,
    },
    { key: 'dietetics', placements: 1, seats: 2, approved: 2, applications: 3, fillRate: 1 },
  ];

  it('draws seats, approved placements and applications per group', () => {
    const spec = capacityChart(rows, 'profession');
    expect(spec.labels).toEqual(['Occupational therapy', 'Dietetics']);
    expect(spec.series).toEqual([
      { label: 'Seats', data: [10, 2] },
      { label: 'Approved placements', data: [6, 2] },
      { label: 'Applications', data: [25, 3] },
    ]);
  });

  it('sums it up in words', () => {
    expect(capacitySummary(rows, 'profession')).toBe(
      'Bar chart of seats, approved placements and applications by profession, 2 groups. In all, 8 of 12 seats are filled (67%), with 28 applications. Most applications beyond the seats: Occupational therapy, 15 more.',
    );
    expect(capacitySummary([], 'region')).toMatch(/no placements match/);
  });
});

describe('unmatched students', () => {
  it('draws students per reason across the page, and names the most common', () => {
    const rows = [
      { reason: 'outranked' as const, students: 7 },
      { reason: 'no_preferences' as const, students: 2 },
    ];
    const spec = unmatchedChart(rows);
    expect(spec.horizontal).toBe(true);
    expect(spec.labels[0]).toBe('Every choice open to them went to students ranked higher');
    expect(unmatchedSummary(rows)).toContain('9 students in all');
    expect(unmatchedSummary(rows)).toContain(
      'The most common reason: Every choice open to them went to students ranked higher (7)',
    );
    expect(unmatchedSummary([])).toMatch(/no student was left unmatched/);
  });
});

describe('time to approval', () => {
  it('names the slowest group', () => {
    const rows = [
      { key: '2027-01', approvals: 3, medianDays: 4, p90Days: 9, averageDays: 5 },
      { key: '2027-02', approvals: 2, medianDays: 11.5, p90Days: 20, averageDays: 12 },
      { key: '2027-03', approvals: 0, medianDays: null, p90Days: null, averageDays: null },
    ];
    expect(timeToApprovalSummary(rows, 'month')).toBe(
      'Bar chart of the median and 90th percentile days from application to approval by month, from 5 approvals. Longest median: February 2027, 11.5 days.',
    );
  });
});

describe('feedback over time', () => {
  const rows: FeedbackTrendRow[] = [
    {
      period: '2027-Q1',
      responses: 4,
      suppressed: false,
      averages: averages(3.5),
      recommendRate: 0.75,
    },
    { period: '2027-Q2', responses: 2, suppressed: true, averages: null, recommendRate: null },
    {
      period: '2027-Q3',
      responses: 5,
      suppressed: false,
      averages: averages(4.2),
      recommendRate: 1,
    },
  ];

  it('draws a line per theme and overall, with gaps where figures are hidden', () => {
    const spec = feedbackTrendChart(rows);
    expect(spec.kind).toBe('line');
    expect([spec.min, spec.max]).toEqual([1, 5]);
    expect(spec.series.map((s) => s.label)).toEqual([
      'Induction',
      'Supervision',
      'Facilities',
      'Learning opportunities',
      'Team working',
      'Overall rating',
    ]);
    expect(spec.series[5].data).toEqual([3.5, null, 4.2]);
  });

  it('sums up the change in the overall rating, or says why there is nothing to show', () => {
    expect(feedbackTrendSummary(rows)).toContain(
      'The overall rating went from 3.5 in January to March 2027 to 4.2 in July to September 2027.',
    );
    expect(feedbackTrendSummary([rows[1]])).toMatch(/every period has fewer than 3 responses/);
    expect(feedbackTrendSummary([])).toMatch(/no feedback/);
  });
});

describe('capacity gap', () => {
  const row = (profession: string, gap: number): CapacityGapRow => ({
    profession,
    region: 'london',
    setting: 'mental_health',
    demand: gap + 2,
    unmet: gap + 1,
    seats: 3,
    remainingSeats: 1,
    gap,
  });

  it('draws the ten largest gaps, largest first, leaving out cells without one', () => {
    const rows = [
      row('dietetics', 2),
      row('podiatry', 0),
      ...Array.from({ length: 11 }, (_, i) => row('occupational_therapy', i + 3)),
    ];
    const spec = capacityGapChart(rows);
    expect(spec.labels).toHaveLength(10);
    expect(spec.labels[0]).toBe('Occupational therapy, London, Mental health');
    expect(spec.series[0].data).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(capacityGapSummary([row('dietetics', 2), row('podiatry', 0)])).toBe(
      'Bar chart of the 1 largest capacity gaps. New seats would place 2 students in all; the largest gap is Dietetics, London, Mental health, 2.',
    );
    expect(capacityGapSummary([row('podiatry', 0)])).toMatch(/no unmet demand/);
  });
});

describe(toChartConfig.name, () => {
  it('turns bars across the page and tells lines apart by marker and dash as well as colour', () => {
    const bars = toChartConfig({
      kind: 'bar',
      labels: ['a'],
      series: [{ label: 'Students', data: [1] }],
      valueTitle: 'Students',
      horizontal: true,
    });
    expect(bars.options?.indexAxis).toBe('y');
    expect(bars.options?.animation).toBe(false);
    expect(bars.options?.scales?.['x']).toMatchObject({
      beginAtZero: true,
      title: { display: true, text: 'Students' },
    });

    const lines = toChartConfig(feedbackTrendChart([]));
    const datasets = lines.data.datasets as { pointStyle: string; borderDash: number[] }[];
    expect(new Set(datasets.map((d) => d.pointStyle)).size).toBe(6);
    expect(new Set(datasets.map((d) => d.borderDash.join())).size).toBe(6);
    expect(lines.options?.scales?.['y']).toMatchObject({ beginAtZero: false, min: 1, max: 5 });
  });
});
