// Formatting of metric values, changes and cell values by unit (METRICS.md §1 "Units"). Pure functions:
// the UI and the CLI pass their locale and translated unit labels, tests pass English ones.
import type { Unit } from './types';
import type { Change } from './compare';

/** Short unit words shown after numbers; translated by the caller. */
export interface UnitLabels {
  day: string;
  hour: string;
  minute: string;
  second: string;
  months: string;
  points: string;
  percentPoints: string;
}

export const ENGLISH_UNIT_LABELS: UnitLabels = {
  day: 'd', hour: 'h', minute: 'm', second: 's', months: 'mo', points: 'pts', percentPoints: 'pp',
};

export interface FormatOptions {
  locale?: string;
  labels?: UnitLabels;
  /** Currency symbol or code seen in the mapped amount column ('$', '€', 'تومان'); omitted when unknown. */
  currencySymbol?: string | null;
}

/** Placeholder for a value that does not exist (null: not applicable or not computed). */
export const NO_VALUE = '—';

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, options);
}

/** Money: no decimals from 100 up (calm cards) or for whole amounts, two otherwise; the file's own symbol when known. */
export function formatCurrency(value: number, opts: FormatOptions = {}): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 2;
  const text = numberFormat(opts.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  if (!opts.currencySymbol) return text;
  // Currency signs ($, €, ฿) and dollar prefixes (NT$, HK$, US$) go before the number; codes and
  // words (USD, 元, تومان) after it.
  return /^\p{Sc}$/u.test(opts.currencySymbol) || /^[A-Z]{1,3}\$$/.test(opts.currencySymbol) ? `${opts.currencySymbol}${text}` : `${text} ${opts.currencySymbol}`;
}

/** An amount to the cent, grouped (a reconciliation's balances, where 0.40 of difference matters): 1440 → "1,440.00". */
export function formatAmount(value: number, opts: FormatOptions = {}): string {
  return numberFormat(opts.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A number with at most `digits` decimals and no grouping (model parameters, likelihoods): 0.7041 → "0.704". */
export function formatDecimal(value: number, digits: number, opts: FormatOptions = {}, fixed = true): string {
  return numberFormat(opts.locale, { useGrouping: false, minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits }).format(value);
}

/** A fraction shown as a percentage: 0.064 → "6.4%". */
export function formatRatio(value: number, opts: FormatOptions = {}): string {
  return numberFormat(opts.locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(value);
}

/** NPS on −100…100, signed: 41 → "+41", −12.5 → "-12.5". */
export function formatNps(value: number, opts: FormatOptions = {}): string {
  return numberFormat(opts.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value);
}

/**
 * Seconds as the two largest units, minor one zero-padded: 45 → "45 s", 725 → "12 m 05 s",
 * 7500 → "2 h 05 m", 273600 → "3 d 04 h". Negative durations keep their sign. Digits are the
 * locale's (۱۲ m ۰۵ s in Persian).
 */
export function formatDuration(seconds: number, opts: FormatOptions = {}): string {
  const l = opts.labels ?? ENGLISH_UNIT_LABELS;
  const whole = numberFormat(opts.locale, { maximumFractionDigits: 0, useGrouping: false });
  const pad2 = numberFormat(opts.locale, { minimumIntegerDigits: 2, maximumFractionDigits: 0, useGrouping: false });
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < 60) {
    const shown = s < 10 ? Math.round(s * 10) / 10 : Math.round(s);
    return `${sign}${numberFormat(opts.locale, { maximumFractionDigits: 1 }).format(shown)} ${l.second}`;
  }
  const total = Math.round(s);
  if (total < 3600) return `${sign}${whole.format(Math.floor(total / 60))} ${l.minute} ${pad2.format(total % 60)} ${l.second}`;
  const minutes = Math.round(s / 60);
  if (minutes < 24 * 60) return `${sign}${whole.format(Math.floor(minutes / 60))} ${l.hour} ${pad2.format(minutes % 60)} ${l.minute}`;
  const hours = Math.round(s / 3600);
  return `${sign}${numberFormat(opts.locale, { maximumFractionDigits: 0 }).format(Math.floor(hours / 24))} ${l.day} ${pad2.format(hours % 24)} ${l.hour}`;
}

export function formatMonths(value: number, opts: FormatOptions = {}): string {
  const l = opts.labels ?? ENGLISH_UNIT_LABELS;
  return `${numberFormat(opts.locale, { maximumFractionDigits: 1 }).format(value)} ${l.months}`;
}

/** Counts: whole numbers grouped; means of counts (purchases per customer) with one or two decimals. */
export function formatCount(value: number, opts: FormatOptions = {}): string {
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) < 10 ? 2 : 1;
  return numberFormat(opts.locale, { maximumFractionDigits: digits }).format(value);
}

/** A mean on the survey's own scale (CSAT mean 4.25, CES 5.1). */
export function formatScore(value: number, opts: FormatOptions = {}): string {
  return numberFormat(opts.locale, { maximumFractionDigits: 2 }).format(value);
}

export function formatValue(value: number | null | undefined, unit: Unit, opts: FormatOptions = {}): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  switch (unit) {
    case 'currency': return formatCurrency(value, opts);
    case 'ratio': return formatRatio(value, opts);
    case 'nps': return formatNps(value, opts);
    case 'duration': return formatDuration(value, opts);
    case 'months': return formatMonths(value, opts);
    case 'count': return formatCount(value, opts);
    case 'score': return formatScore(value, opts);
    case 'table': return NO_VALUE;
  }
}

/** "+12.3%", "−1.0 pp", "+3 pts". */
export function formatChange(change: Change, unit: Unit, opts: FormatOptions = {}): string {
  const labels = opts.labels ?? ENGLISH_UNIT_LABELS;
  if (change.kind === 'relative') {
    return new Intl.NumberFormat(opts.locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change.delta);
  }
  if (unit === 'ratio') {
    const pp = new Intl.NumberFormat(opts.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change.delta * 100);
    return `${pp} ${labels.percentPoints}`;
  }
  const digits = unit === 'score' ? 2 : 1;
  const pts = new Intl.NumberFormat(opts.locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(change.delta);
  return unit === 'nps' ? `${pts} ${labels.points}` : pts;
}

/** The unit words of a language from its resource files (unit.day …). */
export function unitLabelsFrom(tr: (key: string) => string): UnitLabels {
  return {
    day: tr('unit.day'), hour: tr('unit.hour'), minute: tr('unit.minute'), second: tr('unit.second'),
    months: tr('unit.months'), points: tr('unit.points'), percentPoints: tr('unit.percentPoints'),
  };
}

/** Row counts in the sources sidebar: 1234567 → "1,234,567". */
export function formatInteger(value: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Bytes for progress text: 1536 → "1.5 KB". */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${numberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}
