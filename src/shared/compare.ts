// How a metric moved against a comparison value, in the unit's own terms: rates, NPS and scores
// move in points (a churn rate going 5 % → 6 % is +1 pp, not +20 %); amounts, counts and durations
// move relatively. Shared by the cards, the CLI and the report so all three say the same.
import type { PeriodComparison, Unit } from './types';

export interface Change {
  kind: 'relative' | 'points';
  /** relative: fraction (0.12 = +12 %); points: difference in the unit (ratio 0.01 = 1 pp; nps 3 = 3 pts). */
  delta: number;
  direction: 'up' | 'down' | 'flat';
  /** Key of the compared period. */
  previousPeriod: string;
  /** The compared days when only part of that period was used (like for like), else absent. */
  window?: { from: string; to: string };
}

const POINT_UNITS: ReadonlySet<Unit> = new Set(['ratio', 'nps', 'score']);

/** Up or down, or flat when the move is smaller than the shown precision (it would read "0 %"). */
function direction(delta: number, shownPrecision: number): Change['direction'] {
  if (Math.abs(delta) < shownPrecision) return 'flat';
  return delta > 0 ? 'up' : 'down';
}

/** The move from `prev` to `cur`; null when either is missing, for tables, or a relative move from zero. */
export function changeBetween(cur: number | null, prev: number | null, unit: Unit, previousPeriod: string): Change | null {
  if (unit === 'table') return null;
  if (cur == null || prev == null || !Number.isFinite(cur) || !Number.isFinite(prev)) return null;
  if (POINT_UNITS.has(unit)) {
    const delta = cur - prev;
    // Below what is shown (0.1 pp of a rate, 0.1 NPS point, 0.01 of a score) is no move.
    return { kind: 'points', delta, direction: direction(delta, unit === 'ratio' ? 0.0005 : unit === 'score' ? 0.005 : 0.05), previousPeriod };
  }
  if (prev === 0) return null; // growth from zero has no finite rate
  const delta = (cur - prev) / Math.abs(prev);
  return { kind: 'relative', delta, direction: direction(delta, 0.0005), previousPeriod };
}

/** The move against an engine comparison (like for like when the current period is partial). */
export function changeVsComparison(cur: number | null, cmp: PeriodComparison | undefined, unit: Unit): Change | null {
  if (!cmp) return null;
  const c = changeBetween(cur, cmp.value, unit, cmp.period);
  return c && cmp.partial ? { ...c, window: { from: cmp.from, to: cmp.to } } : c;
}
