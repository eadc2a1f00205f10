// Targets entered in the app: one per metric, period (key in its calendar) and segment. Entering a
// value for the same three replaces the old one; null removes it.
import type { KpiTarget, Unit } from '../../shared/types';
import { latinDigits } from '../../shared/digits';

const sameSlot = (a: Omit<KpiTarget, 'value'>, b: Omit<KpiTarget, 'value'>) =>
  a.metric === b.metric && a.period === b.period && a.calendar === b.calendar && (a.segment ?? null) === (b.segment ?? null);

export function withTarget(targets: readonly KpiTarget[], slot: Omit<KpiTarget, 'value'>, value: number | null): KpiTarget[] {
  const rest = targets.filter((t) => !sameSlot(t, slot));
  if (value == null || !Number.isFinite(value)) return rest;
  const entry: KpiTarget = { metric: slot.metric, period: slot.period, calendar: slot.calendar, value, ...(slot.segment != null ? { segment: slot.segment } : {}) };
  return [...rest, entry];
}

/**
 * How a target is typed in the unit people read it in: rates in percent (5 for 5 %), durations in
 * hours, everything else as shown. `toInput` and `fromInput` convert between that and the engine's value.
 */
export function targetInputScale(unit: Unit): number {
  return unit === 'ratio' ? 100 : unit === 'duration' ? 1 / 3600 : 1;
}

export function fromTargetInput(text: string, unit: Unit): number | null {
  // Arabic decimal (٫) and thousands (٬) separators as typed on a Persian keyboard.
  const latin = latinDigits(text.trim()).replace(/\u066b/g, '.').replace(/[\u066c,\s]/g, '').replace(/%$/, '');
  if (latin === '' || !/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(latin)) return null;
  return Number(latin) / targetInputScale(unit);
}

export function toTargetInput(value: number, unit: Unit): string {
  return String(Number((value * targetInputScale(unit)).toPrecision(12)));
}
