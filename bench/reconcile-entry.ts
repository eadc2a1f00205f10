// Benchmark of the reconciliation (issue 11): two 200,000-customer subscription exports (billing
// and CRM) with planted differences — ids with another prefix and case, customers tied only by
// e-mail or by name, annual amounts typed as MRR, price differences, cancellations recorded weeks
// apart, customers on one side only — reconciled over 24 months. Goal ≤ 2 s. Run by
// `node bench/run.mjs --only=reconcile`; the last stdout line is the JSON result bench/run.mjs reads.
import { reconcile, dayOfIso, type ReconcileRecord } from '../src/engine/reconcile/reconcile';
import { seededRandom } from './seeded-random';

const CUSTOMERS = Number(process.argv[2] ?? 200_000);
const rand = seededRandom(7);
const FIRST = dayOfIso('2023-01-01');
const LAST = dayOfIso('2024-12-31');
const left: ReconcileRecord[] = [];
const right: ReconcileRecord[] = [];
for (let i = 0; i < CUSTOMERS; i++) {
  const id = `cus_${String(i).padStart(7, '0')}`;
  const mrr = Math.round((10 + rand() * 490) * 100) / 100;
  const start = FIRST + Math.floor(rand() * 600);
  const end = rand() < 0.25 ? start + 30 + Math.floor(rand() * 400) : null;
  const email = `user${i}@example.com`;
  const name = `Company ${i} Trading`;
  left.push({ row: left.length + 1, customerId: id, email, name, value: mrr, start, end });
  const u = rand();
  let rid = id; let rmrr = mrr; let rend = end; let remail: string | null = email; let rname: string | null = name;
  if (u < 0.1) rid = `CUS-${String(i).padStart(7, '0')}`;                 // normalised id
  else if (u < 0.15) { rid = `crm${i}`; rname = null; }                     // e-mail only
  else if (u < 0.17) { rid = `acc${i}x`; remail = null; }                   // name only
  else if (u < 0.19) rmrr = mrr * 12;                                       // annual typed as MRR
  else if (u < 0.23) rmrr = Math.round(mrr * 0.9 * 100) / 100;              // discount
  else if (u < 0.26 && end !== null) rend = end + 14 + Math.floor(rand() * 14); // cancellation weeks apart
  else if (u < 0.28) continue;                                              // only left
  right.push({ row: right.length + 1, customerId: rid, email: remail, name: rname, value: rmrr, start, end: rend });
  if (u > 0.98) right.push({ row: right.length + 1, customerId: `new${i}`, value: 50, start: LAST - 100, end: null }); // only right
}
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const res = reconcile({ dataset: 'subscriptions', records: left }, { dataset: 'subscriptions', records: right },
  { asOf: '2024-12-31', params: { tolerance: 0.01, timingDays: 31, nameThreshold: 0.9 } });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const rules: Record<string, number> = {};
for (const p of res.pairs) rules[p.match ?? 'unmatched'] = (rules[p.match ?? 'unmatched'] ?? 0) + 1;
console.log(`reconcile: ${CUSTOMERS} customers (${left.length} left rows, ${right.length} right rows), ${res.series.length} months`);
console.log(`  matches: ${JSON.stringify(rules)}`);
for (const b of res.asOf.bridge) console.log(`  ${b.category.padEnd(10)} ${String(b.customers).padStart(7)} ${b.difference.toFixed(2).padStart(14)}`);
console.log(`  total difference ${res.asOf.difference.toFixed(2)}`);
console.log(`  time ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (goal ≤ 2 s) → ${wall <= 2 ? 'within' : 'OVER'}`);
console.log(JSON.stringify({
  seconds: wall, cpuSeconds: (cpu.user + cpu.system) / 1e6, customers: CUSTOMERS, leftRows: left.length, rightRows: right.length,
  months: res.series.length, matches: rules, difference: res.asOf.difference,
}));
