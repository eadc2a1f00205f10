// Per-column type inference and cell conversion for the import pipeline.
//
// Rules (the whole column decides, never its first rows; the profiler streams every cell once and
// keeps O(1) state per column: counters per candidate type plus ≤10 example rows each):
// - Blank cells (null, empty, whitespace/invisible marks only) are counted as blank, never invalid.
// - A column takes the most specific type that at least 95% of its non-empty cells fit; the rest are
//   invalid (kept as raw text, counted, first 10 rows listed). 95% tolerates the odd placeholder
//   ('N/A', '-', '#VALUE!', 'unknown') of hand-kept exports, while a column where more than 1 cell
//   in 20 is something else is genuinely mixed and stays text, where nothing is lost or hidden.
// - Precedence among candidates that reach 95%: boolean, date/datetime, duration, percent,
//   currency, integer, decimal, text.
// - boolean: only when at least one cell is a word (yes/no, true/false, بله/خیر, ใช่/ไม่ใช่, 是/否…) or
//   a spreadsheet boolean; a column of only 0/1 is integer (counts and flags look the same, and
//   an integer loses nothing; metrics can still read 0/1 as a flag).
// - date vs datetime: any valid cell with a time of day other than midnight makes it datetime.
//   Order: cells like 30/06/2024 are read day-first or month-first, whichever makes more cells
//   valid; when no cell decides (all fields ≤ 12) the column is day-first (most locales this app
//   serves, and Thai/Persian exports, write day-first) and ambiguousDateOrder is reported. With
//   conflicting evidence the majority order wins and the other cells are invalid. A forced order
//   (options.dateOrder) is used as given.
//   Calendar: the calendar most valid cells' years point to (4-digit 13xx–14xx → persian,
//   24xx–26xx → buddhist, 1–3 digit leading years or 民國 → roc, else gregorian), any digit set;
//   2-digit years only count in a column that context makes ROC (leading: 99/05/12 next to
//   113/05/12) or Gregorian (trailing: 30/06/24 → 1930–2029). Compact YYYYMMDD cells are dates.
// - duration: clock times (H:MM[:SS], also beyond 24 h), unit spans ('1h 30m'), ISO 'PT1H30M',
//   and spreadsheet time cells (dates before 1900, i.e. Excel's day-zero plus a time).
// - numbers: the decimal separator is ',' when more cells read only as ','-decimal numbers than
//   only as '.'-decimal ones ('1.234,56', '12,5'), else '.'. percent when ≥ 95% of cells carry '%'
//   (or are zero); currency when a symbol/code appears on at least a third of the numbers (the
//   column's currency is the most frequent; other symbols stay in the raw text); integer when every
//   number is a plain integer; else decimal (so 1.0 / 2.5 → decimal, never integer with invalids).
// - identifiers stay text: when more than 1% of cells are digit-bearing non-numbers (codes such as
//   'C536379' or '85123A', leading-zero ids '00123', integers over 15 digits) the column is an id
//   column, and reading it as numbers would turn its codes into "invalid" cells.
// Speed: each distinct text is classified once while a column repeats itself (plans, countries,
// dates); the classification of a cell never depends on other cells, so the cache cannot change
// a result. When the reader knows the row count up front, a family of candidate types (boolean,
// dates, duration, numbers) stops being tested once its candidates have missed more than 5% of
// the rows: they can no longer reach 95% of the non-empty cells, so their counters no longer
// matter, and a text column soon costs only its blank/non-empty count. Conversion (makeConverter)
// applies exactly the predicates the profiler counted, so the converter's ok=false cells are the
// profile's invalid cells.
import type { CalendarId, ColumnType } from '../../shared/types';
import type { CellValue } from './types';
import { digitOf, isBlankText } from './values/chars';
import { DateScanner, DEPENDS_NOTHING, DEPENDS_ORDER, isoDateText, type DateOrder } from './values/dates';
import { DurationScanner } from './values/durations';
import { NumberScanner, type DecimalSeparator, type ParsedNumber } from './values/numbers';
import { isBooleanWord, parseBoolean } from './values/text';

export interface ColumnProfile {
  type: ColumnType;
  calendar: CalendarId | null;
  dateOrder: DateOrder | null;
  decimal: DecimalSeparator;
  currency: string | null;
  nonEmpty: number;
  invalid: number;
  /** First ≤10 source row numbers of cells that do not fit the type. */
  invalidRows: number[];
  blank: number;
  /** First ≤10 rows whose cell is empty or whitespace-only. */
  blankRows: number[];
  /** ≤5 distinct non-empty raw values as in the file (texts over 200 characters cut, ending in '…'). */
  examples: string[];
  /** Day-first vs month-first not decidable from evidence (e.g. all days ≤ 12). */
  ambiguousDateOrder: boolean;
}

export type TypedValue = number | string | null;

const FIT_SHARE = 0.95;
const CODE_SHARE = 0.01;
const CURRENCY_SHARE = 1 / 3;
const MAX_ROWS = 10;
const MAX_EXAMPLES = 5;
const MAX_EXAMPLE_LENGTH = 200;
const MS_PER_DAY = 86_400_000;
/** Spreadsheet time-only cells arrive as date-times on Excel's day zero (1899-12-30). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const FIRST_SPREADSHEET_DATE_MS = Date.UTC(1900, 0, 1);

/** Cells of one candidate type: how many fit, how many do not, and the first rows that do not. */
class Fit {
  count = 0;
  misses = 0;
  rows: number[] = [];
  hit(): void { this.count++; }
  miss(row: number): void {
    this.misses++;
    if (this.rows.length < MAX_ROWS) this.rows.push(row);
  }
  tally(ok: boolean, row: number): void {
    if (ok) this.count++;
    else this.miss(row);
  }
}

/** Numeric candidates under one decimal separator. */
class NumericFits {
  integer = new Fit();
  decimal = new Fit();
  currency = new Fit();
  percent = new Fit();
  /** Cells holding a currency symbol / a '%' (read as numbers in this convention). */
  currencyCells = 0;
  percentCells = 0;
  /** Digit-bearing cells that are not numbers here: codes and ids. */
  codeLike = 0;

  tally(ok: boolean, kind: ParsedNumber['kind'], value: number, row: number, codeLike: boolean): void {
    this.integer.tally(ok && acceptsNumber('integer', kind, value), row);
    this.decimal.tally(ok, row);
    this.currency.tally(ok && acceptsNumber('currency', kind, value), row);
    this.percent.tally(ok && acceptsNumber('percent', kind, value), row);
    if (ok) {
      if (kind === 'currency') this.currencyCells++;
      else if (kind === 'percent') this.percentCells++;
    } else if (codeLike) {
      this.codeLike++;
    }
  }
}

/** Whether a number read as `kind` fits a numeric column type (shared by profiler and converter). */
function acceptsNumber(type: ColumnType, kind: ParsedNumber['kind'], value: number): boolean {
  switch (type) {
    case 'integer': return kind === 'integer';
    case 'decimal': return true;
    case 'currency': return kind !== 'percent';
    case 'percent': return kind === 'percent' || value === 0;
    default: return false;
  }
}

const ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];
const CALENDARS: readonly CalendarId[] = ['gregorian', 'persian', 'buddhist', 'roc'];
/** Calendar classes that read ambiguous 2-digit years differently (persian and buddhist alike reject them). */
const CLASS_CALENDARS: readonly CalendarId[] = ['gregorian', 'roc', 'persian'];
function classOf(cal: CalendarId): number {
  return cal === 'gregorian' ? 0 : cal === 'roc' ? 1 : 2;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (digitOf(s.charCodeAt(i)) >= 0) return true;
  return false;
}

// The cache serves low-cardinality columns (plans, statuses, countries, flags, a few years of
// dates); an entry is about 200 bytes, so the pipeline sizes it by the table's width (512 by
// default), and high-cardinality columns drop it after a trial.
const CACHE_ENTRIES = 512;
const CACHE_TRIAL = 4096;
const CACHE_MIN_HITS = 0.5;
/** Longer texts are not cached (a 10 MB cell must not stay alive in a cache). */
const CACHE_MAX_TEXT = 64;
/** Distinct date texts a date converter remembers by default (about 11 years of days, ~80 bytes each). */
const DATE_MEMO_ENTRIES = 4096;
/** Text cells between two checks of which candidate families are still reachable. */
const LIVENESS_INTERVAL = 1024;

/** What one text cell fits: computed once per distinct text, then tallied per cell. */
class TextClass {
  dotOk = false;
  dotKind: ParsedNumber['kind'] = 'integer';
  dotValue = 0;
  commaOk = false;
  commaKind: ParsedNumber['kind'] = 'integer';
  commaValue = 0;
  /** Currency symbol of a cell that is a number in either convention. */
  currency: string | null = null;
  codeLike = false;
  boolean = false;
  booleanWord = false;
  /** Bit order*3+class set when the cell is a valid date under that order and calendar class. */
  dateFits = 0;
  orderDependent = false;
  /** Calendar the cell's year itself points to (null when it leaves that to the column). */
  calendar: CalendarId | null = null;
  timed = false;
  duration = false;

  copy(): TextClass {
    return Object.assign(new TextClass(), this);
  }
}

const ALL_DATE_FITS = (1 << 9) - 1;

// Families of candidate types a profiler still tests (bit mask).
const NUMBERS = 1, BOOLEAN = 2, DATES = 4, DURATION = 8;
const ALL_FAMILIES = NUMBERS | BOOLEAN | DATES | DURATION;

/** The value scanners one profiler or converter reads its cells with. */
class Scanners {
  readonly numbers = new NumberScanner();
  readonly dates = new DateScanner();
  readonly durations = new DurationScanner();
}

/** Classifies a text for the families in `families`; fields of the other families are left unset. */
function classifyText(s: string, out: TextClass, families: number, scan: Scanners): TextClass {
  // Numbers, read once and interpreted with both decimal separators (also needed by dates and
  // durations: a number is neither, except a compact date).
  out.dotOk = out.commaOk = false;
  out.dotKind = out.commaKind = 'integer';
  out.dotValue = out.commaValue = 0;
  out.currency = null;
  const num = scan.numbers;
  if ((families & (NUMBERS | DATES | DURATION)) !== 0 && !neverNumber(s) && num.scan(s)) {
    if (num.interpret('.')) { out.dotOk = true; out.dotKind = num.kind; out.dotValue = num.value; }
    if (num.interpret(',')) { out.commaOk = true; out.commaKind = num.kind; out.commaValue = num.value; }
    if (out.dotOk || out.commaOk) out.currency = num.currency;
  }
  out.codeLike = (families & NUMBERS) !== 0 && (!out.dotOk || !out.commaOk) && s.charCodeAt(0) !== 35 /* '#' spreadsheet errors */ && hasDigit(s);
  const b = (families & BOOLEAN) !== 0 ? parseBoolean(s) : null;
  out.boolean = b !== null;
  out.booleanWord = b !== null && isBooleanWord(s);

  out.dateFits = 0;
  out.orderDependent = false;
  out.calendar = null;
  out.timed = false;
  out.duration = false;
  if (out.dotOk || out.commaOk) {
    // A number is never a duration, and a date only in the compact form YYYYMMDD.
    if ((families & DATES) !== 0 && s.length === 8 && out.dotKind === 'integer' && out.currency === null) classifyDate(s, out, scan.dates);
    return out;
  }
  // A date-shaped cell is never a duration (those have no date part).
  const dateShaped = (families & DATES) !== 0 ? classifyDate(s, out, scan.dates) : (families & DURATION) !== 0 && scan.dates.scan(s);
  if (!dateShaped && (families & DURATION) !== 0) out.duration = scan.durations.parse(s) !== null;
  return out;
}

/**
 * A cheap test that spares date cells the number scanner: a '/' anywhere, or an ASCII digit, '-'
 * and a digit in a row, is never part of a number (NumberScanner.scan reads no '/', and a '-' after digits
 * only as a trailing minus).
 */
function neverNumber(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47) return true;
    if (c === 45 && i > 0 && i + 1 < s.length) {
      const before = s.charCodeAt(i - 1), after = s.charCodeAt(i + 1);
      if (before >= 48 && before <= 57 && after >= 48 && after <= 57) return true;
    }
  }
  return false;
}

/** Sets the date fields of a classification; false when the cell is not date-shaped at all. */
function classifyDate(s: string, out: TextClass, date: DateScanner): boolean {
  if (!date.scan(s)) return false;
  const dependency = date.dependency();
  if (dependency === DEPENDS_NOTHING) {
    if (date.resolve('ymd', 'gregorian')) {
      out.dateFits = ALL_DATE_FITS;
      out.calendar = date.resolvedCalendar;
      out.timed = date.resolvedSeconds !== null && date.resolvedSeconds !== 0;
    }
    return true;
  }
  out.orderDependent = true;
  for (let o = 0; o < 3; o++) {
    for (let c = 0; c < 3; c++) {
      // Cells with 4-digit years read the same in every calendar class: resolve once per order.
      if (dependency === DEPENDS_ORDER && c > 0) {
        if (out.dateFits & (1 << (o * 3))) out.dateFits |= 1 << (o * 3 + c);
        continue;
      }
      if (!date.resolve(ORDERS[o]!, CLASS_CALENDARS[c]!)) continue;
      out.dateFits |= 1 << (o * 3 + c);
      out.timed ||= date.resolvedSeconds !== null && date.resolvedSeconds !== 0;
      // Only a year that places itself votes for a calendar.
      if (dependency === DEPENDS_ORDER) out.calendar = date.resolvedCalendar;
    }
  }
  return true;
}

export class ColumnProfiler {
  private nonEmpty = 0;
  private blank = 0;
  private readonly blankRows: number[] = [];
  private readonly examples: string[] = [];
  private readonly numeric = [new NumericFits(), new NumericFits()]; // '.', ','
  private dotOnly = 0;
  private commaOnly = 0;
  private readonly currencies = new Map<string, number>();
  private readonly boolean = new Fit();
  private booleanWords = 0;
  /** dates[order * 3 + calendar class] */
  private readonly dates = Array.from({ length: 9 }, () => new Fit());
  private orderDependent = 0;
  private timedDates = 0;
  /** Cells whose year places them in each calendar, by index in CALENDARS. */
  private readonly calendarVotes = new Int32Array(CALENDARS.length);
  private readonly duration = new Fit();
  private readonly scanners = new Scanners();
  private readonly dateOrder: DateOrder | undefined;
  /** Classification per distinct text, while the column repeats itself (plans, countries, dates). */
  private cache: Map<string, TextClass> | null = new Map();
  private cacheLookups = 0;
  private cacheHits = 0;
  private readonly scratch = new TextClass();
  /** Families still tested (see the header: dropped once they cannot reach FIT_SHARE). */
  private families = ALL_FAMILIES;
  /** Misses that rule a candidate out: more than (1 − FIT_SHARE) of every row the column has. */
  private readonly fatalMisses: number;
  private readonly rowCount: number | undefined;
  private untilLivenessCheck = LIVENESS_INTERVAL;
  private readonly cacheEntries: number;

  /**
   * `rowCount`, when the reader knows it before the rows are read, is the number of rows the
   * column will be given (an upper bound on its non-empty cells): it lets the profiler stop
   * testing types the column can no longer reach. `cacheEntries` bounds the distinct texts whose
   * classification is remembered.
   */
  constructor(readonly name: string, options?: { dateOrder?: DateOrder; rowCount?: number; cacheEntries?: number }) {
    this.dateOrder = options?.dateOrder;
    this.cacheEntries = options?.cacheEntries ?? CACHE_ENTRIES;
    const rowCount = options?.rowCount;
    this.rowCount = rowCount;
    // (1 − 0.95) in binary is slightly above 0.05 and the product rounds by far less than that
    // excess, so this never rules out a candidate that could still reach 95%.
    this.fatalMisses = rowCount === undefined ? Infinity : Math.floor(rowCount * (1 - FIT_SHARE)) + 1;
  }

  add(value: CellValue, rowNumber: number): void {
    if (value === null || value === undefined) { this.addBlank(rowNumber); return; }
    if (typeof value === 'string') {
      if (value.length === 0 || ((value.charCodeAt(0) <= 32 || value.charCodeAt(0) > 127 || value.charCodeAt(value.length - 1) <= 32) && isBlankText(value))) {
        this.addBlank(rowNumber);
        return;
      }
      this.nonEmpty++;
      this.addExample(value);
      this.addText(value, rowNumber);
      return;
    }
    this.nonEmpty++;
    this.addExample(cellText(value));
    if (typeof value === 'number') this.addNumber(value, rowNumber);
    else if (typeof value === 'boolean') this.addBoolean(rowNumber);
    else this.addDate(value, rowNumber);
  }

  private addBlank(row: number): void {
    this.blank++;
    if (this.blankRows.length < MAX_ROWS) this.blankRows.push(row);
  }

  private addExample(text: string): void {
    if (this.examples.length >= MAX_EXAMPLES) return;
    // Examples end up in table metadata and `kpiw inspect`: a huge cell is shown by its start.
    const shown = text.length > MAX_EXAMPLE_LENGTH ? `${text.slice(0, MAX_EXAMPLE_LENGTH)}…` : text;
    if (!this.examples.includes(shown)) this.examples.push(shown);
  }

  private addText(s: string, row: number): void {
    if (--this.untilLivenessCheck === 0) this.checkLiveness();
    const families = this.families;
    if (families === 0) return; // a text column: nothing left to test
    let cls: TextClass | undefined;
    if (this.cache !== null) {
      cls = this.cache.get(s);
      this.cacheLookups++;
      if (cls !== undefined) {
        this.cacheHits++;
      } else {
        cls = classifyText(s, this.scratch, families, this.scanners);
        if (this.cache.size < this.cacheEntries && s.length <= CACHE_MAX_TEXT) this.cache.set(s, cls.copy());
      }
      // Columns of mostly distinct values (ids, amounts) gain nothing from the cache: drop it.
      if (this.cacheLookups === CACHE_TRIAL && this.cacheHits < CACHE_MIN_HITS * CACHE_TRIAL) this.cache = null;
    } else {
      cls = classifyText(s, this.scratch, families, this.scanners);
    }
    this.apply(cls, row, families);
  }

  /** Stops testing the families whose every candidate has missed too often to reach FIT_SHARE. */
  private checkLiveness(): void {
    this.untilLivenessCheck = LIVENESS_INTERVAL;
    const alive = (f: Fit) => f.misses < this.fatalMisses;
    let families = this.families;
    if (!alive(this.numeric[0]!.decimal) && !alive(this.numeric[1]!.decimal)) families &= ~NUMBERS;
    if (!alive(this.boolean)) families &= ~BOOLEAN;
    if (!this.dates.some(alive)) families &= ~DATES;
    if (!alive(this.duration)) families &= ~DURATION;
    this.families = families;
    if (families === 0) this.cache = null;
  }

  private apply(c: TextClass, row: number, families: number): void {
    if ((families & NUMBERS) !== 0) {
      this.numeric[0]!.tally(c.dotOk, c.dotKind, c.dotValue, row, c.codeLike);
      this.numeric[1]!.tally(c.commaOk, c.commaKind, c.commaValue, row, c.codeLike);
      if (c.dotOk && !c.commaOk) this.dotOnly++;
      else if (c.commaOk && !c.dotOk) this.commaOnly++;
      if (c.currency !== null) this.currencies.set(c.currency, (this.currencies.get(c.currency) ?? 0) + 1);
    }
    if ((families & BOOLEAN) !== 0) {
      this.boolean.tally(c.boolean, row);
      if (c.booleanWord) this.booleanWords++;
    }
    if ((families & DATES) !== 0) {
      const fits = c.dateFits;
      if (fits === 0) {
        for (const f of this.dates) f.miss(row);
      } else {
        for (let i = 0; i < 9; i++) this.dates[i]!.tally((fits & (1 << i)) !== 0, row);
      }
      if (c.orderDependent) this.orderDependent++;
      if (c.calendar !== null) this.calendarVotes[CALENDARS.indexOf(c.calendar)]++;
      if (c.timed) this.timedDates++;
    }
    if ((families & DURATION) !== 0) this.duration.tally(c.duration, row);
  }

  private addNumber(n: number, row: number): void {
    const ok = Number.isFinite(n);
    const kind: ParsedNumber['kind'] = Number.isSafeInteger(n) ? 'integer' : 'decimal';
    this.numeric[0]!.tally(ok, kind, n, row, false);
    this.numeric[1]!.tally(ok, kind, n, row, false);
    this.boolean.tally(n === 0 || n === 1, row);
    for (const f of this.dates) f.miss(row);
    this.duration.miss(row);
  }

  private addBoolean(row: number): void {
    for (const f of this.numeric) f.tally(false, 'integer', 0, row, false);
    this.boolean.hit();
    this.booleanWords++;
    for (const f of this.dates) f.miss(row);
    this.duration.miss(row);
  }

  private addDate(d: Date, row: number): void {
    for (const f of this.numeric) f.tally(false, 'integer', 0, row, false);
    this.boolean.miss(row);
    const ms = d.getTime();
    const isDate = Number.isFinite(ms) && ms >= FIRST_SPREADSHEET_DATE_MS;
    const isTime = Number.isFinite(ms) && ms < FIRST_SPREADSHEET_DATE_MS && ms >= EXCEL_EPOCH_MS;
    for (const f of this.dates) f.tally(isDate, row);
    if (isDate && ms % MS_PER_DAY !== 0) this.timedDates++;
    this.duration.tally(isTime, row);
  }

  finish(): ColumnProfile {
    this.cache = null;
    if (this.rowCount !== undefined && this.nonEmpty + this.blank > this.rowCount) {
      // Candidates were ruled out against that count: the profile could be wrong, so say so.
      throw new Error(`column "${this.name}": ${this.nonEmpty + this.blank} cells profiled, more than the ${this.rowCount} rows announced by the reader`);
    }
    const profile: ColumnProfile = {
      type: 'text', calendar: null, dateOrder: null, decimal: '.', currency: null,
      nonEmpty: this.nonEmpty, invalid: 0, invalidRows: [], blank: this.blank, blankRows: this.blankRows.slice(),
      examples: this.examples.slice(), ambiguousDateOrder: false,
    };
    if (this.nonEmpty === 0) return profile;
    const need = FIT_SHARE * this.nonEmpty;
    const choose = (type: ColumnType, fit: Fit): ColumnProfile => {
      profile.type = type;
      profile.invalid = this.nonEmpty - fit.count;
      profile.invalidRows = fit.rows.slice();
      return profile;
    };

    if (this.booleanWords > 0 && this.boolean.count >= need) return choose('boolean', this.boolean);

    const dates = this.chooseDates();
    if (dates.fit.count >= need) {
      profile.calendar = dates.calendar;
      profile.dateOrder = dates.order;
      profile.ambiguousDateOrder = dates.ambiguous;
      return choose(this.timedDates > 0 ? 'datetime' : 'date', dates.fit);
    }

    if (this.duration.count >= need) return choose('duration', this.duration);

    const decimal: DecimalSeparator = this.commaOnly > this.dotOnly ? ',' : '.';
    const numeric = this.numeric[decimal === '.' ? 0 : 1]!;
    if (numeric.decimal.count >= need && numeric.codeLike <= CODE_SHARE * this.nonEmpty) {
      profile.decimal = decimal;
      if (numeric.percentCells > 0 && numeric.percent.count >= need) return choose('percent', numeric.percent);
      if (numeric.currencyCells >= CURRENCY_SHARE * numeric.decimal.count && numeric.currency.count >= need) {
        profile.currency = this.mostFrequentCurrency();
        return choose('currency', numeric.currency);
      }
      if (numeric.integer.count === numeric.decimal.count) return choose('integer', numeric.integer);
      return choose('decimal', numeric.decimal);
    }
    return profile;
  }

  private chooseDates(): { fit: Fit; calendar: CalendarId; order: DateOrder; ambiguous: boolean } {
    let calendar: CalendarId = 'gregorian';
    // Ties go by the fixed order of CALENDARS (never by which cell came first).
    let best = 0;
    for (let i = 0; i < CALENDARS.length; i++) {
      if (this.calendarVotes[i]! > best) { best = this.calendarVotes[i]!; calendar = CALENDARS[i]!; }
    }
    const c = classOf(calendar);
    const fitOf = (o: DateOrder) => this.dates[ORDERS.indexOf(o) * 3 + c]!;
    if (this.dateOrder) return { fit: fitOf(this.dateOrder), calendar, order: this.dateOrder, ambiguous: false };
    const dmy = fitOf('dmy').count, mdy = fitOf('mdy').count, ymd = fitOf('ymd').count;
    if (this.orderDependent === 0 || (ymd >= dmy && ymd >= mdy)) {
      return { fit: fitOf('ymd'), calendar, order: 'ymd', ambiguous: false };
    }
    if (mdy > dmy) return { fit: fitOf('mdy'), calendar, order: 'mdy', ambiguous: false };
    return { fit: fitOf('dmy'), calendar, order: 'dmy', ambiguous: dmy === mdy };
  }

  private mostFrequentCurrency(): string | null {
    let best: string | null = null;
    let count = 0;
    for (const [symbol, n] of this.currencies) if (n > count) { best = symbol; count = n; }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** The text a non-string cell shows (used for examples and raw text). */
function cellText(value: Exclude<CellValue, null>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const ms = value.getTime();
  if (!Number.isFinite(ms)) return String(value);
  const day = Math.floor(ms / MS_PER_DAY);
  const rest = ms - day * MS_PER_DAY;
  return rest === 0 ? isoDateText(day) : dateTimeText(day, rest / 1000);
}

function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

function dateTimeText(day: number, seconds: number): string {
  const s = Math.floor(seconds);
  return `${isoDateText(day)} ${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

function durationText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  const whole = Math.floor(abs);
  const fraction = +(abs - whole).toFixed(6);
  const secondsText = pad2(whole % 60) + (fraction > 0 ? String(fraction).slice(1) : '');
  return `${sign}${Math.floor(whole / 3600)}:${pad2(Math.floor(whole / 60) % 60)}:${secondsText}`;
}

/**
 * Text of a typed value as the engine shows it: numbers as JavaScript prints them, percent as
 * '12.5%', boolean 'true'/'false', dates 'YYYY-MM-DD', date-times 'YYYY-MM-DD HH:MM:SS', durations
 * 'H:MM:SS'. A cell's raw text is stored only when it differs from this.
 */
export function canonicalText(type: ColumnType, value: TypedValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'percent': return `${+(value * 100).toPrecision(15)}%`;
    case 'boolean': return value ? 'true' : 'false';
    case 'duration': return durationText(value);
    default: return numberText(value);
  }
}

export interface ConvertedCell { value: TypedValue; raw: string | null; ok: boolean }

/** Where a cell converter leaves its result; one per import, reused for every cell, so converting
 * a cell allocates nothing. */
export interface ConvertedSlot { value: TypedValue; raw: string | null }

/**
 * Converts one cell per the profile into its storage form (see HELPERS.md "Typed values"): value,
 * the raw text to keep (null when empty or equal to the canonical text of the value), and ok=false
 * for a non-empty cell that does not fit (value null, raw kept). Whitespace-only cells are blank
 * (ok, value null) and keep their whitespace as raw text.
 */
export function makeConverter(profile: ColumnProfile): (value: CellValue) => ConvertedCell {
  const out: ConvertedSlot = { value: null, raw: null };
  const convert = makeCellConverter(profile, out);
  return (v) => {
    const ok = convert(v);
    return { value: out.value, raw: out.raw, ok };
  };
}

/**
 * makeConverter without a result object per cell, for the import's hot loop: the converter returns
 * ok and leaves the value and raw text in `out` (shared by a table's converters). `memoEntries` bounds the
 * distinct date texts remembered (a wide table of date columns shares a memory budget).
 */
export function makeCellConverter(profile: ColumnProfile, out: ConvertedSlot, memoEntries = DATE_MEMO_ENTRIES): (value: CellValue) => boolean {
  const type = profile.type;
  const typed = (value: number | string, text: string | null): true => {
    out.value = value;
    out.raw = text === null || text === canonicalText(type, value) ? null : text;
    return true;
  };
  const exact = (value: TypedValue, raw: string | null): true => {
    out.value = value;
    out.raw = raw;
    return true;
  };
  const invalid = (text: string): false => {
    out.value = null;
    out.raw = text;
    return false;
  };
  const blank = (text: string | null): true => exact(null, text || null);
  const isBlank = (v: CellValue): boolean => v === null || v === undefined || (typeof v === 'string' && isBlankText(v));

  switch (type) {
    case 'text':
      return (v) => {
        if (isBlank(v)) return blank(v as string | null);
        return exact(typeof v === 'string' ? v : cellText(v!), null);
      };
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const decimal = profile.decimal;
      const num = new NumberScanner();
      return (v) => {
        if (isBlank(v)) return blank(v as string | null);
        if (typeof v === 'string') {
          if (!num.scan(v) || !num.interpret(decimal) || !acceptsNumber(type, num.kind, num.value)) return invalid(v);
          if (num.isCanonical(decimal)) return exact(num.value, null);
          // Symbols, group separators, spaces or other digits never appear in a number's canonical text.
          if (type !== 'percent' && !num.isPlain()) return exact(num.value, v);
          return typed(num.value, v);
        }
        if (typeof v === 'number' && Number.isFinite(v) && acceptsNumber(type, Number.isSafeInteger(v) ? 'integer' : 'decimal', v)) {
          return typed(v, null);
        }
        return invalid(cellText(v!));
      };
    }
    case 'boolean':
      return (v) => {
        if (isBlank(v)) return blank(v as string | null);
        if (typeof v === 'string') {
          const b = parseBoolean(v);
          return b === null ? invalid(v) : typed(b ? 1 : 0, v);
        }
        if (typeof v === 'boolean') return typed(v ? 1 : 0, null);
        if (v === 0 || v === 1) return typed(v, null);
        return invalid(cellText(v!));
      };
    case 'date':
    case 'datetime': {
      const order = profile.dateOrder ?? 'ymd';
      const calendar = profile.calendar ?? 'gregorian';
      const withTime = type === 'datetime';
      const text = (day: number, seconds: number | null) => (withTime ? dateTimeText(day, seconds ?? 0) : isoDateText(day));
      // Date columns repeat their days: each distinct text is read once (while the memo has room).
      const memo = new Map<string, string>();
      const date = new DateScanner();
      return (v) => {
        if (isBlank(v)) return blank(v as string | null);
        if (typeof v === 'string') {
          const known = memo.get(v);
          if (known !== undefined) return typed(known, v);
          if (!date.scan(v) || !date.resolve(order, calendar)) return invalid(v);
          const value = text(date.resolvedDay, date.resolvedSeconds);
          if (memo.size < memoEntries && v.length <= CACHE_MAX_TEXT) memo.set(v, value);
          return typed(value, v);
        }
        if (v instanceof Date) {
          const ms = v.getTime();
          if (!Number.isFinite(ms) || ms < FIRST_SPREADSHEET_DATE_MS) return invalid(cellText(v));
          const day = Math.floor(ms / MS_PER_DAY);
          const rest = ms - day * MS_PER_DAY;
          return typed(text(day, rest / 1000), rest % 1000 === 0 ? null : v.toISOString());
        }
        return invalid(cellText(v!));
      };
    }
    case 'duration': {
      const durations = new DurationScanner();
      return (v) => {
        if (isBlank(v)) return blank(v as string | null);
        if (typeof v === 'string') {
          const seconds = durations.parse(v);
          return seconds === null ? invalid(v) : typed(seconds, v);
        }
        if (v instanceof Date) {
          const ms = v.getTime();
          if (Number.isFinite(ms) && ms >= EXCEL_EPOCH_MS && ms < FIRST_SPREADSHEET_DATE_MS) {
            return typed((ms - EXCEL_EPOCH_MS) / 1000, null);
          }
        }
        return invalid(cellText(v!));
      };
    }
  }
}
