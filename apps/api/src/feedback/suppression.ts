import { FEEDBACK_MIN_RESPONSES } from '@ahp/contracts';

/**
 * Which cells of a breakdown (placements of a provider, months of a series, …) must be hidden so
 * that nobody can identify a student from feedback figures.
 *
 * Primary suppression hides every cell with 1 or 2 responses. That alone is not enough when the
 * total is shown elsewhere (a provider's summary beside its placements', a whole period beside
 * its months): total minus the visible cells would give the hidden ones' figures. So while the
 * hidden cells together hold 1 or 2 responses, the smallest visible cell is hidden too
 * (secondary suppression), until the hidden responses are none or at least the minimum. Empty
 * cells (0 responses) have nothing to show and are never counted as hidden data.
 */
export function suppressedCells<K>(
  cells: readonly { key: K; responses: number }[],
  min = FEEDBACK_MIN_RESPONSES,
): Set<K> {
  const hidden = new Set<K>();
  let hiddenResponses = 0;
  for (const cell of cells) {
    if (cell.responses > 0 && cell.responses < min) {
      hidden.add(cell.key);
      hiddenResponses += cell.responses;
    }
  }
  if (hiddenResponses === 0 || hiddenResponses >= min) return hidden;
  const visible = cells
    .filter((cell) => cell.responses >= min)
    .sort((a, b) => a.responses - b.responses);
  for (const cell of visible) {
    hidden.add(cell.key);
    hiddenResponses += cell.responses;
    if (hiddenResponses >= min) break;
  }
  return hidden;
}

/** Whether a total of `responses` may be shown at all. */
export function totalSuppressed(responses: number, min = FEEDBACK_MIN_RESPONSES): boolean {
  return responses < min;
}
