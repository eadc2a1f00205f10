// Numbers and dates written in text cells (columns the importer typed as text because their values
// were mixed), read with the import's locale-aware parsers in the column's date order and calendar.
import type { ColumnInfo } from '../../shared/types';
import { DateScanner, parseDate } from '../import/values/dates';
import { DurationScanner, parseDuration } from '../import/values/durations';
import { NumberScanner, parseNumber } from '../import/values/numbers';

/** The readers of one caller (a table being normalized): its own scanners, reused cell after cell. */
export class TextValueReader {
  private readonly numbers = new NumberScanner();
  private readonly dates = new DateScanner();
  private readonly durations = new DurationScanner();

  /** A number in any supported notation ("$1,188.00", "۱۲٬۵۰۰", "12%" → 0.12); null when not one. */
  number(text: string): number | null {
    const p = parseNumber(text, '.', this.numbers);
    return p ? p.value : null;
  }

  /**
   * Seconds of a time span in a text cell of a column that mixes notations ("15", "1:30", "2h 5m",
   * "۱ ساعت"): a written duration as the import reads it, a bare number in `bareUnit` seconds
   * (minutes unless the header names a unit); null when neither.
   */
  duration(text: string, bareUnit = 60): number | null {
    const d = parseDuration(text, this.durations);
    if (d !== null) return d;
    const n = this.number(text);
    return n === null ? null : n * bareUnit;
  }

  /**
   * A date or date-time in a text cell: day number and epoch seconds (midnight when no time is
   * given); null when the text is not one valid date. Fields are read in the column's date order
   * (day first when unknown) and years in its calendar where the text leaves them open.
   */
  date(text: string, col: Pick<ColumnInfo, 'calendar' | 'dateOrder'>): { day: number; seconds: number } | null {
    const d = parseDate(text, col.dateOrder ?? 'dmy', col.calendar ?? 'gregorian', this.dates);
    if (!d) return null;
    return { day: d.day, seconds: d.day * 86400 + (d.seconds ?? 0) };
  }
}
