// The RFM summary the purchase models are fitted on, from dated purchases.
// Same-day lines of a customer are merged into one purchase of their summed value, returns
// netting against that day's purchases; a day with only returns is no purchase (as in the
// transactions family, returns are never purchases), while a zero-value sale still is one. Times are in model
// time units of `unitDays` days, measured from the customer's first purchase day.

/** A transaction line; `isReturn` as the transactions family decides it (type refund or amount < 0). */
export interface Purchase { customer: string; day: number; amount: number; isReturn?: boolean }

export interface CustomerSummary {
  customer: string;
  /** Repeat purchase days in the calibration period. */
  x: number;
  /** Last purchase day − first, in time units. */
  tx: number;
  /** Calibration end − first purchase day, in time units. */
  T: number;
  /** Mean value of the repeat purchase days (0 without repeats). */
  mx: number;
  /** Purchase days after the calibration end up to the holdout end (null without a holdout). */
  holdout: number | null;
}

/**
 * Customers whose first purchase is on or before `calibrationEnd` (inclusive day numbers);
 * purchases after `holdoutEnd` are ignored. Days are the engine's day numbers (integers).
 */
export function summarize(purchases: readonly Purchase[], calibrationEnd: number, unitDays: number, holdoutEnd: number | null = null): CustomerSummary[] {
  const byCustomer = new Map<string, Map<number, { value: number; purchase: boolean }>>();
  for (const p of purchases) {
    if (holdoutEnd !== null && p.day > holdoutEnd) continue;
    let days = byCustomer.get(p.customer);
    if (!days) byCustomer.set(p.customer, (days = new Map()));
    const day = days.get(p.day);
    if (day) { day.value += p.amount; day.purchase ||= !returned(p); } else days.set(p.day, { value: p.amount, purchase: !returned(p) });
  }
  const out: CustomerSummary[] = [];
  for (const [customer, days] of byCustomer) {
    const sorted = [...days].filter(([, v]) => v.purchase).map(([d, v]) => [d, v.value] as const).sort((a, b) => a[0] - b[0]);
    const cal = sorted.filter(([d]) => d <= calibrationEnd);
    if (cal.length === 0) continue;
    const first = cal[0][0], last = cal[cal.length - 1][0];
    const repeatValue = cal.slice(1).reduce((s, [, v]) => s + v, 0);
    out.push({
      customer,
      x: cal.length - 1,
      tx: (last - first) / unitDays,
      T: (calibrationEnd - first) / unitDays,
      mx: cal.length > 1 ? repeatValue / (cal.length - 1) : 0,
      holdout: holdoutEnd === null ? null : sorted.length - cal.length,
    });
  }
  return out;
}

const returned = (p: Purchase) => p.isReturn ?? p.amount < 0;
