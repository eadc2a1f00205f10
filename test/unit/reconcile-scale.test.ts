// Reconciliation at a few thousand customers (issue 11): generated billing/CRM exports where every
// customer plants one difference (matched, interval, amount, timing, only_left, only_right), some
// customers with two subscription rows. The engine's bridge in every month is compared with a
// reference written here from the rules — pairs taken from the plants, not from the engine's
// matching; month amounts summed per row; categories decided per pair — so the engine's indexed
// customers, grouped rows and per-pair month buffers are checked against plain code.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, dayOfIso, reconcile, type Category, type MatchRule, type ReconcileRecord } from '../../src/engine/reconcile/reconcile';

const params = { tolerance: 0.01, timingDays: 31, nameThreshold: 0.9 };
const FIRST = dayOfIso('2023-01-01');
const AS_OF = '2024-12-31';

/** Deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plant { leftId: string | null; rightId: string | null; match: MatchRule | null }

function generate(n: number) {
  const rand = random(42);
  const left: ReconcileRecord[] = [];
  const right: ReconcileRecord[] = [];
  const plants: Plant[] = [];
  const add = (side: ReconcileRecord[], rec: Omit<ReconcileRecord, 'row'>) => side.push({ row: side.length + 1, ...rec });
  for (let i = 0; i < n; i++) {
    const id = `cus_${String(i).padStart(6, '0')}`;
    const mrr = Math.round((10 + rand() * 490) * 100) / 100;
    const start = FIRST + Math.floor(rand() * 600);
    const end = rand() < 0.3 ? start + 40 + Math.floor(rand() * 300) : null;
    const email = `person${i}@example.com`;
    const name = `Firm ${i}`;
    const kind = i % 9;
    // Left: one row, or (every 7th customer) an upgrade — two rows, the second starting where the first ends.
    const upgrade = i % 7 === 0 && end === null;
    const mid = start + 60;
    if (upgrade) {
      add(left, { customerId: id, email, name, value: mrr, start, end: mid });
      add(left, { customerId: id, email, name, value: mrr * 2, start: mid, end: null });
    } else add(left, { customerId: id, email, name, value: mrr, start, end });
    if (kind === 7) { plants.push({ leftId: id, rightId: null, match: null }); continue; } // only left
    let rid = id;
    let rEmail: string | null = email;
    let match: MatchRule = 'id';
    let factor = 1;
    let rEnd = end;
    if (kind === 1) { rid = `CUS-${String(i).padStart(6, '0')}`; match = 'normalized_id'; }
    else if (kind === 2) { rid = `crm${i}`; rEmail = email.toUpperCase(); match = 'email'; }
    else if (kind === 3) factor = [12, 6, 3][i % 3]!;                   // annual, half-year or quarter amount as MRR
    else if (kind === 4) factor = 0.9;                                  // discount
    else if (kind === 5) rEnd = end === null ? null : end + 10 + (i % 15); // cancellation recorded days later
    else if (kind === 6) rEnd = end === null ? null : end + 90;         // cancellation recorded months later
    else if (kind === 0) factor = 1 + (i % 2 ? 0.00001 : 0);            // within tolerance
    const rv = (v: number) => Math.round(v * factor * 100) / 100;
    if (upgrade) {
      add(right, { customerId: rid, email: rEmail, name, value: rv(mrr), start, end: mid });
      add(right, { customerId: rid, email: rEmail, name, value: rv(mrr * 2), start: mid, end: rEnd });
    } else add(right, { customerId: rid, email: rEmail, name, value: rv(mrr), start, end: rEnd });
    plants.push({ leftId: id, rightId: rid, match });
    if (kind === 8) { // a customer of the right side only (no e-mail or name that could tie it)
      const nid = `new_${i}`;
      add(right, { customerId: nid, value: 25 + (i % 50), start: FIRST + Math.floor(rand() * 700), end: null });
      plants.push({ leftId: null, rightId: nid, match: null });
    }
  }
  return { left, right, plants };
}

/** Month ends from January 2023 to the as-of month (day numbers). */
function monthEnds(): number[] {
  const out: number[] = [];
  for (let m = 0; m < 24; m++) out.push(Date.UTC(2023, m + 1, 1) / 86400000 - 1);
  return out;
}

function referenceBridge(left: ReconcileRecord[], right: ReconcileRecord[], plants: Plant[]) {
  const micro = (x: number) => Math.round(x * 1e6);
  const rowsBy = (recs: ReconcileRecord[]) => {
    const m = new Map<string, ReconcileRecord[]>();
    for (const r of recs) m.set(r.customerId, [...(m.get(r.customerId) ?? []), r]);
    return m;
  };
  const L = rowsBy(left);
  const R = rowsBy(right);
  const mrrAt = (rows: ReconcileRecord[], e: number) => rows.reduce((a, r) => a + (r.start! <= e && (r.end == null || r.end > e) ? micro(r.value) : 0), 0);
  const near = (rows: ReconcileRecord[], e: number) => rows.some((r) => r.value > 0 && r.start! <= e + params.timingDays && (r.end == null || r.end > e - params.timingDays));
  const category = (l: number, r: number, lr: ReconcileRecord[], rr: ReconcileRecord[], paired: boolean, e: number): Category => {
    if (Math.abs(r - l) <= micro(params.tolerance)) return 'matched';
    if (l > 0 && r > 0) {
      const ratio = Math.max(l, r) / Math.min(l, r);
      return [12, 6, 3].some((k) => Math.abs(ratio - k) <= 0.01 * k) ? 'interval' : 'amount';
    }
    if (r === 0) return paired && near(rr, e) ? 'timing' : 'only_left';
    return paired && near(lr, e) ? 'timing' : 'only_right';
  };
  return monthEnds().map((e) => {
    const bridge = new Map<Category, { customers: number; left: number; right: number }>(CATEGORIES.map((c) => [c, { customers: 0, left: 0, right: 0 }]));
    const perPlant = new Map<number, Category>();
    plants.forEach((p, i) => {
      const lr = p.leftId ? L.get(p.leftId)! : [];
      const rr = p.rightId ? R.get(p.rightId)! : [];
      const l = mrrAt(lr, e);
      const r = mrrAt(rr, e);
      if (l === 0 && r === 0) return;
      const c = category(l, r, lr, rr, lr.length > 0 && rr.length > 0, e);
      const b = bridge.get(c)!;
      b.customers++; b.left += l; b.right += r;
      perPlant.set(i, c);
    });
    return { bridge, perPlant };
  });
}

describe('reconcile at a few thousand customers', () => {
  const { left, right, plants } = generate(4000);
  const rec = reconcile({ dataset: 'subscriptions', records: left }, { dataset: 'subscriptions', records: right }, { asOf: AS_OF, params });
  const ref = referenceBridge(left, right, plants);

  it('ties the planted pairs by the planted rule, with every source row', () => {
    const byKey = new Map(rec.pairs.map((p) => [`${p.leftId}|${p.rightId}`, p]));
    const rowsOf = (recs: ReconcileRecord[]) => {
      const m = new Map<string, number[]>();
      for (const r of recs) m.set(r.customerId, [...(m.get(r.customerId) ?? []), r.row]);
      return (id: string | null) => (id === null ? [] : m.get(id)!);
    };
    const leftRows = rowsOf(left);
    const rightRows = rowsOf(right);
    expect(rec.pairs).toHaveLength(plants.length);
    for (const p of plants) {
      const got = byKey.get(`${p.leftId}|${p.rightId}`);
      expect(got, `${p.leftId} ↔ ${p.rightId}`).toBeDefined();
      expect(got!.match).toBe(p.match);
      expect(got!.leftRows).toEqual(leftRows(p.leftId));
      expect(got!.rightRows).toEqual(rightRows(p.rightId));
    }
  });

  it('has the reference bridge in every month, adding up to R − L exactly', () => {
    expect(rec.series).toHaveLength(24);
    const micro = (x: number) => Math.round(x * 1e6);
    rec.series.forEach((period, m) => {
      for (const b of period.bridge) {
        const e = ref[m]!.bridge.get(b.category)!;
        expect([period.period, b.category, b.customers, micro(b.leftMrr), micro(b.rightMrr)]).toEqual([period.period, b.category, e.customers, e.left, e.right]);
      }
      expect(period.bridge.reduce((a, b) => a + micro(b.difference), 0)).toBe(micro(period.rightMrr) - micro(period.leftMrr));
    });
    // Every category is planted somewhere in the series, so none of the paths goes untested.
    for (const c of CATEGORIES) expect(rec.series.some((p) => p.bridge.find((b) => b.category === c)!.customers > 0), c).toBe(true);
  });

  it('lists each customer active at the as-of date once, with the reference category', () => {
    const expected = ref.at(-1)!.perPlant;
    const got = new Map(rec.asOf.customers.map((c) => [`${c.leftId}|${c.rightId}`, c.category]));
    expect(rec.asOf.customers).toHaveLength(expected.size);
    expect(got.size).toBe(expected.size);
    for (const [i, c] of expected) expect(got.get(`${plants[i]!.leftId}|${plants[i]!.rightId}`)).toBe(c);
  });
});
