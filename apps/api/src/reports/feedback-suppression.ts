import { FEEDBACK_MIN_RESPONSES } from '@ahp/contracts';
import { suppressedCells } from '../feedback/suppression';
import type { FeedbackPeriod } from './dto/reports.dto';

/** How many responses one placement received in one month (`YYYY-MM`, Europe/London). */
export interface FeedbackCell {
  placementId: string;
  month: string;
  responses: number;
}

/** `2027-02` → `2027-Q1`. */
export function quarterOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${year}-Q${Math.ceil(m / 3)}`;
}

function periodOf(month: string, period: FeedbackPeriod): string {
  return period === 'month' ? month : quarterOf(month);
}

function sumBy<K>(items: readonly FeedbackCell[], key: (cell: FeedbackCell) => K): Map<K, number> {
  const sums = new Map<K, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + item.responses);
  return sums;
}

/** In key order, so that ties between equal cells are broken the same way every time. */
const asCells = (sums: Map<string, number>) =>
  [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, responses]) => ({ key, responses }));

const isSmall = (responses: number) => responses > 0 && responses < FEEDBACK_MIN_RESPONSES;

/**
 * The periods of a provider's feedback trend to hide, given every cell of that provider's
 * feedback (all placements, all time: the decision must not change with the window asked for,
 * or narrowing the window would let one subtract a hidden period out of a visible one) and,
 * when the view is narrowed to some of its placements (one placement, a region, a setting, a
 * profession), which ones.
 *
 * A provider can see the same responses added up several ways: per period, in the all-time
 * summary of a placement or of the provider, per month and per quarter, for the whole provider
 * and for some of its placements. Each way is a "total beside its parts", so the shared rule
 * (`suppressedCells`: hide cells under 3 responses, then the smallest others until the hidden
 * ones hold none or at least 3) is applied along each:
 *   1. the periods of the series shown (against its all-time total);
 *   2. for months, the months of each quarter (against the quarterly view of the same series);
 *   3. for a narrowed view, the provider's placements within each period: the view is hidden
 *      when the hidden placements inside it, or those outside it, hold 1 or 2 responses (the
 *      view less its visible placements, or the provider's total less the view and the visible
 *      placements outside it, would give them away).
 * A period hidden by any of them is hidden. Adding a cell hidden by one pass to another pass's
 * hidden set never leaves 1 or 2 responses hidden there: such a cell either has under 3
 * responses (so every pass hides it already) or has 3 or more.
 */
export function hiddenPeriods(
  providerCells: readonly FeedbackCell[],
  period: FeedbackPeriod,
  selected?: ReadonlySet<string>,
): Set<string> {
  const series = selected
    ? providerCells.filter((cell) => selected.has(cell.placementId))
    : providerCells;
  const hidden = suppressedCells(asCells(sumBy(series, (cell) => periodOf(cell.month, period))));

  if (period === 'month') {
    const byQuarter = new Map<string, FeedbackCell[]>();
    for (const cell of series) {
      const quarter = quarterOf(cell.month);
      byQuarter.set(quarter, [...(byQuarter.get(quarter) ?? []), cell]);
    }
    for (const cells of byQuarter.values()) {
      for (const month of suppressedCells(asCells(sumBy(cells, (cell) => cell.month)))) {
        hidden.add(month);
      }
    }
  }

  if (selected) {
    const byPeriod = new Map<string, FeedbackCell[]>();
    for (const cell of providerCells) {
      const key = periodOf(cell.month, period);
      byPeriod.set(key, [...(byPeriod.get(key) ?? []), cell]);
    }
    for (const [key, cells] of byPeriod) {
      const placements = sumBy(cells, (cell) => cell.placementId);
      let inside = 0;
      let outside = 0;
      for (const placementId of suppressedCells(asCells(placements))) {
        const responses = placements.get(placementId) ?? 0;
        if (selected.has(placementId)) inside += responses;
        else outside += responses;
      }
      if (isSmall(inside) || isSmall(outside)) hidden.add(key);
    }
  }
  return hidden;
}
