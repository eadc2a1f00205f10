// The analysis period (key as the engine writes it: 2024-06, 1403-04, 2024-Q2, 2024-W23, 2024,
// 2024-06-30) holding a date — used to place `events` rows on trend charts. The periods themselves
// are cut by the one shared calendar module, so chart keys cannot drift from the engine's.
import { dayFromIso, periodOf } from '../../shared/calendar/periods';
import type { CalendarId, PeriodKind } from '../../shared/types';

/** Key of the period of `kind` in `cal` holding the Gregorian date 'YYYY-MM-DD…'; null when not a date. */
export function periodKeyOf(isoDate: string, kind: PeriodKind, cal: CalendarId): string | null {
  const day = dayFromIso(isoDate);
  return day === null ? null : periodOf(day, kind, cal).key;
}
