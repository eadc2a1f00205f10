// A small seeded dataset over every dataset the families read, as normalized rows (storage form:
// day numbers, epoch seconds, 0/1), for the tests that run the same metric SQL on two engines.
import type { DatasetId } from '../../src/shared/types';
import { dayFromIso } from '../../src/shared/calendar/periods';

export type Rows = Array<Record<string, unknown>>;

export const FROM = '2024-01-01';
export const AS_OF = '2024-09-15';

export function portableTables(seed = 11): Partial<Record<DatasetId, Rows>> {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const d0 = dayFromIso('2023-11-01')!;
  const span = dayFromIso(AS_OF)! - d0;
  const day = () => d0 + Math.floor(rnd() * span);
  const sec = (d: number) => d * 86400 + Math.floor(rnd() * 86400);
  const customers = Array.from({ length: 60 }, (_, i) => `c${i}`);
  const plans = ['basic', 'pro', 'team'];
  const subscriptions: Rows = Array.from({ length: 150 }, (_, i) => {
    const start = day();
    return {
      customer_id: pick(customers), mrr: pick([10, 20.5, 99, 49.99]), start_date: start,
      end_date: rnd() < 0.4 ? start + 20 + Math.floor(rnd() * 200) : null, plan: pick(plans),
      term_months: i % 3 === 0 ? 12 : 1, _seg: pick(plans),
    };
  });
  const transactions: Rows = Array.from({ length: 300 }, (_, i) => ({
    customer_id: pick(customers), date: day(), amount: rnd() < 0.1 ? -15 : Math.round(rnd() * 50000) / 100,
    order_id: `o${i}`, type: pick(['purchase', 'upsell', 'cross_sell', 'refund']), _seg: pick(plans),
  }));
  const tickets: Rows = Array.from({ length: 250 }, (_, i) => {
    const created = sec(day());
    const resolved = rnd() < 0.8 ? created + Math.floor(rnd() * 5 * 86400) : null;
    return {
      ticket_id: `t${i}`, created_at: created, first_response_at: created + Math.floor(rnd() * 40000),
      resolved_at: resolved, status: resolved ? 'solved' : 'open', channel: pick(['email', 'chat', 'phone', 'twitter', 'help center']),
      agent: pick(['ann', 'bob', 'cy']), request_type: pick(['billing', 'bug']), customer_id: pick(customers),
      agent_replies: Math.floor(rnd() * 5), customer_replies: Math.floor(rnd() * 3), contacts: 1 + Math.floor(rnd() * 3),
      first_contact_resolved: rnd() < 0.5 ? 1 : 0, reopened: rnd() < 0.1 ? 1 : 0, handle_time: Math.floor(rnd() * 3600),
      csat: 1 + Math.floor(rnd() * 5), _seg: pick(plans),
    };
  });
  const calls: Rows = Array.from({ length: 120 }, (_, i) => {
    const at = sec(day());
    const answered = rnd() < 0.8;
    return { call_id: `k${i}`, received_at: at, answered: answered ? 1 : 0, answered_at: answered ? at + 30 : null, agent: pick(['ann', 'bob']), wait_time: Math.floor(rnd() * 300) };
  });
  const survey_responses: Rows = Array.from({ length: 200 }, () => {
    const survey = pick(['nps', 'csat', 'ces']);
    return {
      score: survey === 'nps' ? Math.floor(rnd() * 11) : 1 + Math.floor(rnd() * (survey === 'ces' ? 7 : 5)), responded_at: sec(day()),
      survey, customer_id: pick(customers), comment: pick(['great support', 'slow response', null, 'price too high']),
      touchpoint: pick(['onboarding', 'support']), agent: pick(['ann', 'bob']),
    };
  });
  const usage_events: Rows = Array.from({ length: 400 }, () => {
    const at = sec(day());
    return { user_id: `u${Math.floor(rnd() * 40)}`, timestamp: at, account_id: pick(customers), feature: pick(['search', 'export', 'help center', 'faq']), duration: Math.floor(rnd() * 900), session_end: at + Math.floor(rnd() * 900) };
  });
  const customersRows: Rows = customers.map((c) => {
    const signup = day();
    return { customer_id: c, tenure: Math.floor(rnd() * 30), monthly_amount: pick([10, 20, 80]), churned: rnd() < 0.3 ? 1 : 0, contract: pick(['monthly', 'annual']), signup_date: signup, cancel_date: rnd() < 0.3 ? signup + 40 : null };
  });
  return { subscriptions, transactions, tickets, calls, survey_responses, usage_events, customers: customersRows };
}
