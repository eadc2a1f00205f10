// The notes of the revenue, purchases and value families are messages (note.revenue.*,
// note.purchases.*, note.value.*): every note of these families comes with its message, the English
// `notes` are the messages rendered in English, and the messages read in Persian and Thai (plural
// forms by n, numbers in the reader's digits, ids isolated in Persian).
import { describe, expect, it } from 'vitest';
import { revenueFamily } from '../../src/engine/metrics/families/revenue';
import { purchasesFamily } from '../../src/engine/metrics/families/purchases';
import { valueFamily } from '../../src/engine/metrics/families/value';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { messageText } from '../../src/shared/i18n/messages';
import type { MetricOutput } from '../../src/engine/metrics/types';
import type { TextMessage } from '../../src/shared/types';
import { setup, type Sub } from './money-reference';

const D = (iso: string) => dayFromIso(iso)!;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const JAN = D('2024-01-01'), FEB = D('2024-02-01');
const subs: Sub[] = [
  ...range(20).map((i) => ({ customer_id: `c${i}`, mrr: 100, start_date: JAN, end_date: i < 2 ? FEB + 10 : null, term_months: 1 })),
  ...range(5).map((i) => ({ customer_id: `n${i}`, mrr: 100, start_date: FEB + 3, term_months: 1 })),
];

/** Every note of an output is a message whose English text is the note; the messages by key. */
function messagesOf(out: MetricOutput | undefined, id: string): Map<string, TextMessage> {
  expect(out, id).toBeDefined();
  const notes = out!.notes ?? [];
  const messages = out!.noteMessages ?? [];
  expect(messages.length, id).toBe(notes.length);
  const byKey = new Map<string, TextMessage>();
  messages.forEach((m, i) => {
    expect(m, `${id}: English-only note "${notes[i]}"`).not.toBeNull();
    expect(notes[i], id).toBe(messageText(m!, 'en'));
    byKey.set(m!.key, m!);
  });
  return byKey;
}

function allMessages(outputs: Map<string, MetricOutput>): void {
  for (const [id, out] of outputs) messagesOf(out, id);
}

describe('revenue notes are messages', () => {
  it('waterfall, tenure, cohorts and renewals from terms: English as before, Persian and Thai from the resource files', async () => {
    const { ctx } = await setup({ subscriptions: subs }, { fromDay: JAN, asOfDay: D('2024-02-28') });
    const out = revenueFamily.compute(ctx);
    allMessages(out);
    const waterfall = messagesOf(out.get('net_new_mrr'), 'net_new_mrr').get('note.revenue.waterfall')!;
    expect(messageText(waterfall, 'en')).toBe('The table is the MRR waterfall: starting MRR + new + reactivation + expansion − contraction − churn + moved in − moved out = ending MRR.');
    expect(messageText(waterfall, 'fa')).toContain('آبشار');
    expect(messageText(waterfall, 'th')).toContain('MRR ต้นงวด');
    const tenure = messagesOf(out.get('tenure_months'), 'tenure_months').get('note.revenue.tenure')!;
    expect(messageText(tenure, 'fa')).toContain('\u2068all_mean\u2069');
    const cohort = messagesOf(out.get('cohort_retention'), 'cohort_retention');
    expect([...cohort.keys()]).toEqual(['note.revenue.cohortDefinition', 'note.revenue.cohortSeriesMonthly']);
    const renewals = messagesOf(out.get('renewal_rate'), 'renewal_rate').get('note.revenue.renewalsFromTerms')!;
    expect(messageText(renewals, 'en')).toMatch(/^No renewals table: each subscription term \(start \+ k × term_months\)/);
    expect(messageText(renewals, 'th')).toContain('ไม่มีตารางการต่ออายุ');
    expect(messageText(renewals, 'fa')).toContain('\u2068term_months\u2069');
  });

  it('annualized churn: the period kind and the mode pick the message; 30.44 days in the reader\'s digits', async () => {
    const { withCtx } = await setup({ subscriptions: subs }, { fromDay: JAN, asOfDay: D('2024-02-28') });
    const week = messagesOf(revenueFamily.compute(withCtx({ period: 'week' })).get('customer_churn_rate_annualized'), 'week');
    const w = week.get('note.revenue.annualized.week.compound')!;
    expect(messageText(w, 'en')).toBe('The week rate is annualized using the period length ÷ 30.44 days (compound).');
    expect(messageText(w, 'fa')).toContain('\u2068۳۰٫۴۴\u2069 روز');
    expect(messageText(w, 'fa')).toContain('(مرکب)');
    expect(messageText(w, 'th')).toContain('30.44 วัน');
    const quarter = messagesOf(revenueFamily.compute(withCtx({ period: 'quarter', params: { 'churn.annualize': 'linear' } }))
      .get('customer_churn_rate_annualized'), 'quarter');
    const q = quarter.get('note.revenue.annualized.quarter.linear')!;
    expect(messageText(q, 'en')).toBe('The quarter rate is annualized using its number of months (linear).');
    expect(messageText(q, 'th')).toContain('แบบเส้นตรง');
    const month = messagesOf(revenueFamily.compute(withCtx({})).get('customer_churn_rate_annualized'), 'month');
    expect(messageText(month.get('note.revenue.annualized.month.compound')!, 'en')).toBe('Monthly rate annualized (compound).');
  });

  it('trials without converted: a missing-inputs message', async () => {
    const { ctx } = await setup({ subscriptions: subs, trials: [{ customer_id: 'c1', trial_start: JAN + 2 }] }, { fromDay: JAN, asOfDay: D('2024-02-28') });
    const trials = revenueFamily.compute(ctx).get('trial_conversion_rate')!;
    expect(trials.status).toBe('missing_inputs');
    const m = messagesOf(trials, 'trial_conversion_rate').get('note.revenue.trialsNeedInputs')!;
    expect(messageText(m, 'en')).toBe('Trials need converted or converted_at mapped (or subscriptions with trial_start).');
    expect(messageText(m, 'fa')).toContain('\u2068converted_at\u2069');
  });
});

describe('purchases and value notes are messages', () => {
  const tx = (refunds: number) => [
    { customer_id: 'a', date: D('2024-05-02'), amount: 100 },
    { customer_id: 'b', date: D('2024-05-03'), amount: 50 },
    { customer_id: 'b', date: D('2024-05-20'), amount: 30 },
    ...range(refunds).map((i) => ({ customer_id: 'a', date: D('2024-05-04') + i, amount: -10 })),
  ];

  it('return rows: one and many in English and Persian, Thai with its single form', async () => {
    for (const n of [1, 2]) {
      const { ctx } = await setup({ transactions: tx(n) }, { fromDay: D('2024-05-01'), asOfDay: D('2024-05-31'), params: { lifespan: 12 } });
      const out = purchasesFamily.compute(ctx);
      allMessages(out);
      const returns = messagesOf(out.get('avg_purchase_value'), 'avg_purchase_value').get('note.purchases.returnRows')!;
      expect(returns.values).toEqual({ n });
      expect(messageText(returns, 'en')).toMatch(n === 1 ? /^1 return row \(type refund .*\) is counted as a return: it is not a purchase/
        : /^2 return rows \(type refund .*\) are counted as returns: they are not purchases/);
      expect(messageText(returns, 'fa')).toContain(n === 1 ? '\u2068۱\u2069 ردیف مرجوعی' : 'مرجوعی به حساب آمدند');
      expect(messageText(returns, 'th')).toContain(`แถวการคืนสินค้า ${n} แถว`);
      const lifespan = messagesOf(out.get('avg_customer_lifespan'), 'avg_customer_lifespan').get('note.purchases.lifespanParameter')!;
      expect(messageText(lifespan, 'en')).toMatch(/^The lifespan parameter \(12 months\) is used; measured: 0\.\d\d months\.$/);
      expect(messageText(lifespan, 'fa')).toContain('\u2068۱۲\u2069 ماه');
      expect(messageText(lifespan, 'th')).toContain('12 เดือน');
      const value = valueFamily.compute(ctx);
      allMessages(value);
      expect(messagesOf(value.get('revenue_per_customer'), 'revenue_per_customer').has('note.purchases.returnRows')).toBe(true);
    }
  });

  it('retention cost above ARPA: the alert with both amounts as numbers, cost kind not mapped', async () => {
    const m = D('2024-03-01');
    const many: Sub[] = range(10).map((i) => ({ customer_id: `k${i}`, mrr: 50, start_date: m - 40 }));
    const { ctx } = await setup({ subscriptions: many, costs: [{ period: m + 2, category: 'staff', amount: 700 }] }, { fromDay: m - 40, asOfDay: m + 20 });
    const out = valueFamily.compute(ctx);
    allMessages(out);
    const crc = messagesOf(out.get('crc'), 'crc');
    expect([...crc.keys()]).toEqual(['note.value.costKindNotMapped', 'note.value.crcAboveArpa']);
    const alert = crc.get('note.value.crcAboveArpa')!;
    expect(messageText(alert, 'en')).toBe('Alert: monthly retention cost per customer (70.00) exceeds ARPA (50.00) — you are losing money on retention.');
    expect(messageText(alert, 'fa')).toContain('\u2068۷۰٫۰۰\u2069');
    expect(messageText(alert, 'fa')).toMatch(/^هشدار/);
    expect(messageText(alert, 'th')).toContain('(70.00) สูงกว่า ARPA (50.00)');
    expect(messageText(crc.get('note.value.costKindNotMapped')!, 'th')).toBe('ไม่ได้แมปประเภทต้นทุน: ทุกแถวของต้นทุนถือเป็นต้นทุนการรักษาลูกค้า');
  });
});
