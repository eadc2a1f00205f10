// Benchmark of the customer-service metric families at scale: fills the normalized n_* tables
// directly (seeded random but realistic shapes: customers with several subscriptions over two
// years, tickets, survey answers, usage events by users of accounts), indexes them as the mapping
// does, then times each family's compute for monthly periods. CPU seconds (process.cpuUsage), as
// the machine is shared. Build and run:
//   npx esbuild bench/families-entry.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=bench/data/families-entry.mjs && node bench/data/families-entry.mjs [subs] [events] [families]
// e.g. `node bench/data/families-entry.mjs 1000000 300000 health,usage`.
import type { DatasetId } from '../src/shared/types';
import { openDatabase, type Database } from '../src/engine/store/database';
import { createNormalizedTable, indexNormalizedTable, insertNormalizedRows } from '../src/engine/mapping/normalizedSchema';
import { buildMetricContext } from '../src/engine/metrics/context';
import { dayFromIso } from '../src/shared/calendar/periods';
import { FAMILIES } from '../src/engine/metrics/catalog';
import { writeFileSync } from 'node:fs';
import { seededRandom } from './seeded-random';

const SUBSCRIPTIONS = Number(process.argv[2] ?? 1_000_000);
const EVENTS = Number(process.argv[3] ?? 300_000);
const ONLY = process.argv[4]?.split(',');
/** Optional file receiving every output (series, stats, table) to compare two builds' results. */
const DUMP = process.argv[5];
const TICKETS = 200_000, SURVEYS = 100_000;

const rand = seededRandom(42);
const int = (n: number) => Math.floor(rand() * n);

const FROM = dayFromIso('2023-01-01')!, AS_OF = dayFromIso('2024-12-31')!;
const SPAN = AS_OF - FROM + 1;
const customers = Math.max(1, Math.round(SUBSCRIPTIONS / 3));
const cust = (i: number) => `C${i}`;

function fill(db: Database, ds: DatasetId, rows: Array<Record<string, unknown>>): Set<string> {
  createNormalizedTable(db, ds);
  insertNormalizedRows(db, ds, rows);
  const fields = new Set(Object.keys(rows[0] ?? {}));
  indexNormalizedTable(db, ds, fields);
  return fields;
}

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const db = await openDatabase();
const mapped: Partial<Record<DatasetId, ReadonlySet<string>>> = {};
let c0 = cpu();
{
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const start = FROM - 365 + int(SPAN + 365);
    const end = rand() < 0.4 ? start + 30 + int(600) : null;
    rows.push({ customer_id: cust(int(customers)), mrr: 10 + int(500), start_date: start, end_date: end, plan: `P${int(4)}` });
  }
  mapped.subscriptions = fill(db, 'subscriptions', rows);
}
{
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < TICKETS; i++) {
    const created = (FROM + int(SPAN)) * 86_400 + int(86_400);
    rows.push({ ticket_id: `T${i}`, customer_id: cust(int(customers)), created_at: created, resolved_at: rand() < 0.9 ? created + int(5 * 86_400) : null });
  }
  mapped.tickets = fill(db, 'tickets', rows);
}
{
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < SURVEYS; i++) {
    const nps = rand() < 0.5;
    rows.push({ customer_id: cust(int(customers)), survey: nps ? 'NPS' : 'CSAT', score: nps ? int(11) : 1 + int(5), responded_at: (FROM + int(SPAN)) * 86_400 + int(86_400) });
  }
  mapped.survey_responses = fill(db, 'survey_responses', rows);
}
{
  const rows: Array<Record<string, unknown>> = [];
  const users = Math.max(1, Math.round(EVENTS / 10));
  for (let i = 0; i < EVENTS; i++) {
    const u = int(users);
    const at = (FROM + int(SPAN)) * 86_400 + int(86_400);
    rows.push({ user_id: `U${u}`, account_id: cust(u % customers), timestamp: at, duration: int(3600), feature: `F${int(8)}` });
  }
  mapped.usage_events = fill(db, 'usage_events', rows);
}
console.error(`data: ${SUBSCRIPTIONS} subscriptions (${customers} customers), ${TICKETS} tickets, ${SURVEYS} surveys, ${EVENTS} events; built in ${(cpu() - c0).toFixed(1)} CPU s`);

const result: Record<string, number> = {};
const dump: Record<string, unknown> = {};
for (const fam of FAMILIES) {
  if (ONLY && !ONLY.includes(fam.family)) continue;
  const ctx = buildMetricContext({ db, mapped, fromDay: FROM, asOfDay: AS_OF, period: 'month' });
  c0 = cpu();
  const out = fam.compute(ctx);
  result[fam.family] = +(cpu() - c0).toFixed(2);
  const values = Object.fromEntries([...out].map(([id, o]) => [id, typeof o.value === 'number' ? +o.value.toPrecision(8) : o.value ?? null]));
  for (const [id, o] of out) dump[id] = { series: o.series, value: o.value, stats: o.stats, table: o.table, notes: o.notes };
  console.error(`${fam.family}: ${result[fam.family]} CPU s`, JSON.stringify(values));
}
if (DUMP) writeFileSync(DUMP, JSON.stringify(dump, null, 1));
console.log(JSON.stringify({ subscriptions: SUBSCRIPTIONS, events: EVENTS, cpuSeconds: result }));
