// The support, surveys, usage and health families against the catalog of METRICS.md §4.4–4.7:
// every id declared, computed on a fully mapped workspace, with SQL, and every drill-down runs.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportFamily } from '../../src/engine/metrics/families/support';
import { surveysFamily } from '../../src/engine/metrics/families/surveys';
import { usageFamily } from '../../src/engine/metrics/families/usage';
import { healthFamily } from '../../src/engine/metrics/families/health';
import { resolveParams } from '../../src/engine/metrics/params';
import { queryAll } from '../../src/engine/store/database';
import { buildDb, contextOn, day, ts, type Fixture } from './metrics-service-fixtures';

const FAMILIES = [supportFamily, surveysFamily, usageFamily, healthFamily];

/** Metric ids in the first column of the tables of METRICS.md §4.4–4.7 (`a`, `b` lists included). */
const METRICS_MD = resolve(__dirname, '../../../shared/docs/METRICS.md');
const HAS_SPEC = existsSync(METRICS_MD);
if (!HAS_SPEC) console.warn(`SKIPPED metrics-service-catalog: ${METRICS_MD} not found (the spec lives beside the checkout)`);

function specIds(): string[] {
  const text = readFileSync(METRICS_MD, 'utf8');
  const from = text.indexOf('### 4.4'), to = text.indexOf('## 5.');
  const ids: string[] = [];
  for (const line of text.slice(from, to).split('\n')) {
    const cell = /^\| (`[^|]+`) \|/.exec(line);
    if (cell) ids.push(...[...cell[1]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!));
  }
  return ids.filter((id) => !['usage', 'sentiment', 'support', 'revenue', 'tenure'].includes(id));
}

describe('service families: catalog', () => {
  it.runIf(HAS_SPEC)('declares every metric id of METRICS.md §4.4–4.7, plus health_score', () => {
    const declared = FAMILIES.flatMap((f) => f.metrics.map((m) => m.id));
    const spec = specIds();
    expect(spec.length).toBeGreaterThan(25);
    for (const id of spec) expect(declared).toContain(id);
    expect(declared).toContain('health_score');
    const p = resolveParams({});
    for (const m of FAMILIES.flatMap((f) => f.metrics)) {
      expect(m.formula(p).length, m.id).toBeGreaterThan(20);
      expect(m.inputs.length, m.id).toBeGreaterThan(0);
      if (m.variant) expect(typeof m.variant(p)).toBe('string');
    }
  });

  it('computes every metric on a fully mapped workspace, and every drill-down runs', async () => {
    const c = ts('2024-06-10 08:00');
    const tables: Fixture['tables'] = {
      tickets: [
        { ticket_id: '1', created_at: c, first_response_at: c + 60, resolved_at: c + 3600, status: 'closed', channel: 'Email', agent: 'Ana', request_type: 'bug',
          customer_id: 'C1', agent_replies: 1, customer_replies: 1, contacts: 1, first_contact_resolved: 1, reopened: 0, handle_time: 300, csat: 5, _seg: 'x' },
        { ticket_id: '2', created_at: c - 86400 * 40, first_response_at: null, resolved_at: null, status: 'open', channel: 'Twitter', agent: 'Bo', request_type: 'billing',
          customer_id: 'C2', agent_replies: 0, customer_replies: 2, contacts: 2, first_contact_resolved: 0, reopened: 1, handle_time: 50, csat: 2, _seg: 'y' },
        { ticket_id: '3', created_at: c, channel: 'Help center', agent: 'Bo', customer_id: 'C1', _seg: 'x' },
      ],
      calls: [{ call_id: 'k1', received_at: c, answered: 1, answered_at: c + 10, agent: 'Ana', wait_time: 10 }],
      survey_responses: [
        { score: 9, survey: 'nps', responded_at: c, customer_id: 'C1', comment: 'بسیار عالی', touchpoint: 'support', agent: 'Ana', ticket_id: '1', _seg: 'x' },
        { score: 4, survey: 'csat', responded_at: c, customer_id: 'C2', comment: 'บริการดีมาก', _seg: 'y' },
        { score: 6, survey: 'ces', responded_at: c, customer_id: 'C2', comment: '價格太貴' },
        { score: 3, survey: 'esat', responded_at: c },
      ],
      usage_events: [
        { user_id: 'u1', account_id: 'C1', timestamp: c, feature: 'export', duration: 100, session_end: c + 100, _seg: 'x' },
        { user_id: 'u2', account_id: 'C2', timestamp: c - 86400 * 20, feature: 'FAQ', duration: null, session_end: c - 86400 * 20 + 50 },
      ],
      subscriptions: [
        { customer_id: 'C1', mrr: 100, start_date: day('2023-01-01'), _seg: 'x' },
        { customer_id: 'C2', mrr: 50, start_date: day('2024-01-01'), _seg: 'y' },
      ],
      events: [{ date: day('2024-06-10'), label: 'launch' }],
    };
    const db = await buildDb(tables);
    for (const segmentValue of [null, 'x']) {
      const ctx = contextOn(db, { tables, from: '2024-01-01', asOf: '2024-06-30', segmentValue });
      for (const fam of FAMILIES) {
        const out = fam.compute(ctx);
        for (const m of fam.metrics) {
          const o = out.get(m.id);
          expect(o, `${m.id} computed`).toBeDefined();
          expect(o!.series).toHaveLength(ctx.periods.length);
          expect(o!.sql.length, m.id).toBeGreaterThan(10);
          for (const v of [o!.value, ...o!.series.map((s) => s.value)]) {
            if (v != null) expect(Number.isFinite(v), m.id).toBe(true);
          }
          const d = fam.drill(ctx, m.id, ctx.current);
          expect(d, `${m.id} drill`).not.toBeNull();
          const rows = queryAll(db, `SELECT * FROM (${d!.sql}) q`);
          for (const r of rows) expect(Object.keys(r)).toEqual(['_src', '_row']);
        }
      }
    }
  });
});
