// Benchmarks shown next to a metric's value (METRICS.md §4): a figure, its scope and its source —
// never a note about the guides (those live in ../shared/docs/METRICS.md). A badge band is in the
// same basis as the value it is compared with: a per-period rate gets the band converted to that
// period's length, so a monthly churn rate meets a monthly band and an annual rate the annual one.
import type { Benchmark, MessageValue } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';
import { paramString } from './params';
import type { Params } from './types';

type Band = { min?: number; max?: number };

/**
 * A benchmark: its text is the message benchmark.<id> ("figure — source", localized by the readers;
 * the English is `text`), `source` the English name of where the figure comes from.
 */
export function bench(id: string, source: string, bands: { good?: Band; bad?: Band } = {}, values?: Readonly<Record<string, MessageValue>>): Benchmark {
  const message = values ? { key: `benchmark.${id}`, values } : { key: `benchmark.${id}` };
  return { text: messageText(message, 'en'), source, message, ...bands };
}

/** The Thai guide's acceptable SaaS customer churn: at most 7 % a year (5–7 %/yr). */
export const ANNUAL_CHURN_ACCEPTABLE = 0.07;
const CHURN_SOURCE = 'Thai guide';

/**
 * An annual churn rate converted to a period of `months` months by the same rule that annualizes
 * a period rate (`churn.annualize`): compound 1 − (1 − a)^(months ÷ 12), linear a × months ÷ 12.
 */
export function annualRateToPeriod(annual: number, months: number, p: Params): number {
  return paramString(p, 'churn.annualize') === 'linear' ? annual * months / 12 : 1 - (1 - annual) ** (months / 12);
}

/** A rate in percent as the band is written: 2 decimals under 1 %, else 1 (none when it is .0). */
const pct = (x: number) => {
  const text = (x * 100).toFixed(x < 0.01 ? 2 : 1).replace(/\.0+$/, '');
  return { number: Number(text), fractionDigits: text.split('.')[1]?.length ?? 0 };
};

/** Annual churn band: ≤ 7 %/yr acceptable (good), above it bad. */
export const annualChurnBenchmark: Benchmark = bench('churn_annual', CHURN_SOURCE,
  { good: { max: ANNUAL_CHURN_ACCEPTABLE }, bad: { min: ANNUAL_CHURN_ACCEPTABLE } });

/** The same band for a churn rate over a period of `months` months (1 for a month). */
export function periodChurnBenchmark(p: Params, months: number): Benchmark {
  if (months === 12) return annualChurnBenchmark;
  const limit = annualRateToPeriod(ANNUAL_CHURN_ACCEPTABLE, months, p);
  const method = paramString(p, 'churn.annualize') === 'linear' ? 'linear' : 'compound';
  return bench(months === 1 ? `churn_month.${method}` : `churn_months.${method}`, CHURN_SOURCE, { good: { max: limit }, bad: { min: limit } },
    months === 1 ? { limit: pct(limit) } : { limit: pct(limit), months: Number(months.toFixed(2)) });
}
