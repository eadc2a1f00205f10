// Generates the bundled sample workspace (resources/sample): a small SaaS company's exports for
// 2023-01 … 2024-12 — subscriptions, support tickets, NPS and CSAT surveys, product usage events
// and a few business events. Deterministic (seeded PRNG): running it again gives identical files.
//   node scripts/make-sample.mjs [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'resources/sample'));

// mulberry32: small, fast and good enough for sample data.
let seed = 20240601;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const weighted = (pairs) => {
  let r = random() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
};

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2024, 11, 31); // last day with data
const CUTOFF = END + DAY - 1000; // the export was taken at the end of that day
const date = (ms) => new Date(ms).toISOString().slice(0, 10);
const datetime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const csvCell = (v) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
function writeCsv(name, header, rows) {
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  writeFileSync(path.join(outDir, name), text);
  console.log(`${name}: ${rows.length} rows, ${(text.length / 1024).toFixed(0)} KiB`);
}

mkdirSync(outDir, { recursive: true });

// --- Subscriptions -------------------------------------------------------------------------
const PLANS = [['Starter', 49], ['Growth', 149], ['Scale', 499]];
const COUNTRIES = [['United States', 5], ['United Kingdom', 2], ['Germany', 2], ['Iran', 1], ['Thailand', 1], ['Taiwan', 1]];
const NAME_A = ['Blue', 'North', 'Bright', 'Silver', 'Green', 'Rapid', 'Clear', 'Summit', 'Harbor', 'Pine', 'Atlas', 'Nova'];
const NAME_B = ['Labs', 'Works', 'Analytics', 'Logistics', 'Health', 'Retail', 'Media', 'Foods', 'Systems', 'Partners'];

const customers = [];
const subscriptions = [];
for (let i = 1; i <= 260; i++) {
  const id = `C${String(i).padStart(4, '0')}`;
  const start = START + Math.floor(random() * (END - START - 20 * DAY));
  let planIndex = weighted([[0, 5], [1, 3], [2, 1]]);
  const customer = { id, company: `${pick(NAME_A)} ${pick(NAME_B)} ${i}`, country: weighted(COUNTRIES), start, end: null, users: int(1, 6) };
  customers.push(customer);
  // Month by month: churn (~2.2 %/month), upgrade (~1.5 %) or downgrade (~0.6 %).
  let segmentStart = start;
  let t = start + 30 * DAY;
  for (; t <= END; t += 30 * DAY) {
    const r = random();
    if (r < 0.022) {
      subscriptions.push([id, customer.company, PLANS[planIndex][0], PLANS[planIndex][1], date(segmentStart), date(t), customer.country]);
      customer.end = t;
      break;
    }
    const move = r < 0.037 && planIndex < 2 ? 1 : r > 0.994 && planIndex > 0 ? -1 : 0;
    if (move !== 0) {
      subscriptions.push([id, customer.company, PLANS[planIndex][0], PLANS[planIndex][1], date(segmentStart), date(t), customer.country]);
      planIndex += move;
      segmentStart = t;
    }
  }
  if (customer.end === null) subscriptions.push([id, customer.company, PLANS[planIndex][0], PLANS[planIndex][1], date(segmentStart), '', customer.country]);
}
subscriptions.sort((a, b) => (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : a[0] < b[0] ? -1 : 1));
writeCsv('subscriptions.csv', ['customer_id', 'company', 'plan', 'mrr', 'start_date', 'end_date', 'country'], subscriptions);

const activeOn = (c, t) => c.start <= t && (c.end === null || t < c.end);

// --- Support tickets (2024) ----------------------------------------------------------------
const AGENTS = ['Sara Ahmadi', 'Niran Chai', 'Mei Lin', 'Tom Becker', 'Ana Souza', 'Leo Martin'];
const CHANNELS = [['email', 5], ['chat', 3], ['phone', 2], ['web_form', 2], ['social', 1]];
const REQUEST_TYPES = [['billing', 3], ['bug', 3], ['how_to', 4], ['feature_request', 1], ['account', 2]];
// Typical first-response delay per channel, in seconds.
const RESPONSE = { email: 6 * 3600, web_form: 8 * 3600, chat: 90, phone: 120, social: 40 * 60 };
const tickets = [];
const TICKET_START = Date.UTC(2024, 0, 1);
let ticketNo = 10_000;
for (let t = TICKET_START; t <= END; t += DAY) {
  const active = customers.filter((c) => activeOn(c, t));
  const n = Math.round(active.length * 0.012 + random() * 3);
  for (let k = 0; k < n; k++) {
    const c = pick(active);
    const created = t + int(7 * 3600, 20 * 3600) * 1000 + int(0, 59) * 1000;
    const channel = weighted(CHANNELS);
    const agent = pick(AGENTS);
    const base = RESPONSE[channel];
    const responseSec = Math.round(base * (0.2 + random() * 2.2));
    const ageDays = (END + DAY - created) / DAY;
    // The last days' tickets are partly still open; a few older ones were never answered.
    const answered = (ageDays > 2 ? random() > 0.01 : random() > 0.4) && created + responseSec * 1000 <= CUTOFF;
    const resolved = answered && (ageDays > 6 ? random() > 0.02 : random() > 0.6);
    const firstResponse = answered ? created + responseSec * 1000 : null;
    const agentReplies = resolved ? weighted([[1, 6], [2, 3], [3, 2], [4, 1]]) : answered ? 1 : 0;
    const resolvedBy = resolved ? firstResponse + (agentReplies - 1) * int(2, 30) * 3600_000 + int(5, 240) * 60_000 : null;
    // Resolved after the export was taken: still open in the file.
    const resolvedAt = resolvedBy !== null && resolvedBy <= CUTOFF ? resolvedBy : null;
    const reopened = resolved && random() < 0.06 ? 1 : 0;
    tickets.push({
      row: [`T${++ticketNo}`, c.id, datetime(created), firstResponse ? datetime(firstResponse) : '', resolvedAt ? datetime(resolvedAt) : '',
        resolvedAt ? 'solved' : answered ? 'pending' : 'new', channel, agent, weighted(REQUEST_TYPES),
        agentReplies, Math.max(1, agentReplies - (random() < 0.5 ? 1 : 0)), reopened],
      customer: c, agent, resolvedAt, created,
    });
  }
}
writeCsv('tickets.csv', ['ticket_id', 'customer_id', 'created_at', 'first_response_at', 'resolved_at', 'status', 'channel', 'agent', 'request_type', 'agent_replies', 'customer_replies', 'reopened'], tickets.map((x) => x.row));

// --- NPS survey (a rolling monthly sample of customers, 2023-2024) -----------------------------
const PROMOTER_COMMENTS = ['Great product, easy to use', 'Support is fast and friendly', 'The reports save us hours every week', 'Love the dashboards', 'Reliable and simple'];
const PASSIVE_COMMENTS = ['Good, but pricing is high', 'Does the job', 'Export options could be better', 'Onboarding took a while', ''];
const DETRACTOR_COMMENTS = ['Too slow with large files', 'Support took days to answer', 'Pricing is too high for us', 'Missing integrations we need', 'The app crashed during import'];
const nps = [];
for (let y = 2023; y <= 2024; y++) {
  for (let m = 0; m < 12; m++) {
    for (const c of customers) {
      const responded = Date.UTC(y, m, int(1, 28));
      if (!activeOn(c, responded) || random() > 0.12) continue;
      const score = weighted([[10, 14], [9, 16], [8, 14], [7, 10], [6, 6], [5, 4], [4, 2], [3, 2], [2, 1], [1, 1], [0, 1]]);
      const comment = score >= 9 ? pick(PROMOTER_COMMENTS) : score >= 7 ? pick(PASSIVE_COMMENTS) : pick(DETRACTOR_COMMENTS);
      nps.push([c.id, date(responded), score, comment]);
    }
  }
}
nps.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1));
writeCsv('nps_responses.csv', ['customer_id', 'responded_at', 'score', 'comment'], nps);

// --- CSAT survey after resolved tickets (1–5) ----------------------------------------------
const csat = [];
for (const x of tickets) {
  if (!x.resolvedAt || random() > 0.35) continue;
  const responded = Math.min(END, x.resolvedAt + int(1, 48) * 3600_000);
  csat.push([x.row[0], x.customer.id, date(responded), weighted([[5, 9], [4, 6], [3, 2], [2, 1], [1, 1]]), x.agent]);
}
writeCsv('csat_responses.csv', ['ticket_id', 'customer_id', 'responded_at', 'score', 'agent'], csat);

// --- Product usage events (last 60 days) ---------------------------------------------------
const FEATURES = [['dashboard', 8], ['reports', 5], ['import', 3], ['alerts', 2], ['api', 1], ['export', 2]];
const usage = [];
for (let t = END - 59 * DAY; t <= END; t += DAY) {
  const weekday = new Date(t).getUTCDay();
  for (const c of customers) {
    if (!activeOn(c, t)) continue;
    for (let u = 1; u <= c.users; u++) {
      if (random() > (weekday === 0 || weekday === 6 ? 0.08 : 0.3)) continue;
      const sessions = int(1, 2);
      for (let s = 0; s < sessions; s++) {
        usage.push([`${c.id}-U${u}`, c.id, datetime(t + int(6 * 3600, 22 * 3600) * 1000), weighted(FEATURES), int(30, 2400)]);
      }
    }
  }
}
usage.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[0] < b[0] ? -1 : 1));
writeCsv('usage_events.csv', ['user_id', 'account_id', 'timestamp', 'feature', 'duration_seconds'], usage);

// --- Business events drawn on trend charts -------------------------------------------------
writeCsv('events.csv', ['date', 'label'], [
  ['2023-06-01', 'Price change: Growth plan 129 → 149'],
  ['2024-02-12', 'Launch: scheduled reports'],
  ['2024-07-18', 'Outage: import service (4 h)'],
  ['2024-10-01', 'New onboarding flow'],
]);
