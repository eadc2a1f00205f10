// `kpiw analyze` through the built CLI (dist/cli.js via bin/kpiw.mjs), on generated exports:
// the JSON shape of issue 3 §3, values checked against plain-JS computations over the generator's
// canonical records, --map/--param/--calendar/--segment, the text output and usage errors.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';
import { generateExports, type GeneratedExport } from '../fixtures/generate';
import fa from '../../src/shared/i18n/fa.json';
import { formatPeriodKey } from '../../src/shared/calendar/display';



const dayOf = (iso: string) => Math.floor(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / 86_400_000);

describe('kpiw analyze (built CLI)', () => {
  let gen: GeneratedExport[];
  let dir: string;
  const file = (ds: string, pred: (g: GeneratedExport) => boolean = () => true) => gen.find((g) => g.dataset === ds && pred(g))!;

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-cli-'));
    gen = await generateExports(dir, { seed: 3, rows: 150 });
  }, 120_000);

  it('prints the JSON of issue 3 §3 with the auto-suggested mapping; values match an independent computation', async () => {
    const subs = file('subscriptions', (g) => g.file.endsWith('stripe_subscriptions.csv'));
    const nps = file('survey_responses', (g) => g.mapping.survey === 'nps');
    const r = await kpiw(['analyze', subs.file, nps.file, '--as-of', '2024-06-30', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['asOf', 'period', 'calendar', 'mapping', 'issues', 'metrics']);
    expect(out).toMatchObject({ asOf: '2024-06-30', period: 'month', calendar: 'gregorian' });
    expect(r.stderr).toMatch(/auto-suggested mapping/);
    expect(out.mapping.version).toBe(1);
    expect(out.mapping.tables.map((t: { dataset: string }) => t.dataset).sort()).toEqual(['subscriptions', 'survey_responses']);
    expect(out.mapping.tables.find((t: { dataset: string }) => t.dataset === 'subscriptions').fields).toEqual(subs.mapping.fields);
    const keys = ['id', 'label', 'unit', 'value', 'period', 'status', 'missing', 'variant', 'benchmark', 'formula', 'sql', 'series', 'segments', 'stats'];
    expect(out.metrics.length).toBeGreaterThan(10);
    for (const m of out.metrics) {
      expect(Object.keys(m).slice(0, keys.length)).toEqual(keys);
      expect(['ok', 'not_applicable', 'missing_inputs']).toContain(m.status);
      if (m.status === 'missing_inputs') expect(m.missing.length).toBeGreaterThan(0);
      if (m.status === 'ok' && m.unit !== 'table') expect(m.period).toBe('2024-06');
    }
    const metric = (id: string) => out.metrics.find((m: { id: string }) => m.id === id);

    // MRR on 2024-06-30: Σ monthly MRR of subscriptions with start ≤ day < end.
    const last = dayOf('2024-06-30');
    const mrr = subs.records
      .filter((s) => dayOf(String(s.start_date)) <= last && (s.end_date === null || dayOf(String(s.end_date)) > last))
      .reduce((a, s) => a + (s.mrr as number), 0);
    expect(metric('mrr').status).toBe('ok');
    expect(metric('mrr').value).toBeCloseTo(mrr, 6);
    expect(metric('mrr').series.at(-1)).toEqual({ period: '2024-06', value: metric('mrr').value });

    // NPS over responses in June 2024.
    const june = nps.records.filter((x) => String(x.responded_at).startsWith('2024-06')).map((x) => x.score as number);
    const expected = (100 * (june.filter((s) => s >= 9).length - june.filter((s) => s <= 6).length)) / june.length;
    expect(metric('nps').value).toBeCloseTo(expected, 9);
    // Tickets are not mapped: support metrics say what is missing.
    expect(metric('ticket_volume')).toMatchObject({ status: 'missing_inputs', value: null });
    expect(metric('ticket_volume').missing).toEqual(expect.arrayContaining(['tickets.ticket_id', 'tickets.created_at']));
  });

  it('uses --map and --param, cuts Persian months, and splits by --segment', async () => {
    const subs = file('subscriptions', (g) => g.file.endsWith('stripe_subscriptions.csv'));
    const mapPath = path.join(dir, 'mapping.json');
    await writeFile(mapPath, JSON.stringify({ version: 1, tables: [subs.mapping], params: { 'arr.variant': 'run_rate' } }));
    const r = await kpiw(['analyze', subs.file, '--map', mapPath, '--as-of', '2024-06-30', '--calendar', 'persian', '--segment', 'Plan',
      '--param', 'churn.variant=inclusive', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.calendar).toBe('persian');
    expect(out.mapping.params).toEqual({ 'arr.variant': 'run_rate' });
    const mrr = out.metrics.find((m: { id: string }) => m.id === 'mrr');
    // 2024-06-30 = 1403-04-10.
    expect(mrr.period).toBe('1403-04');
    expect(mrr.series.every((p: { period: string }) => /^14\d\d-\d\d$/.test(p.period))).toBe(true);
    const plans = [...new Set(subs.records.map((s) => String(s.plan)))].sort();
    expect(mrr.segments.map((s: { segment: string }) => s.segment).sort()).toEqual(plans);
    // MRR is additive: segments sum to the total in every period.
    mrr.series.forEach((p: { value: number | null }, i: number) => {
      const sum = mrr.segments.reduce((a: number, s: { series: Array<{ value: number | null }> }) => a + (s.series[i]!.value ?? 0), 0);
      expect(sum).toBeCloseTo(p.value ?? 0, 6);
    });
    expect(out.metrics.find((m: { id: string }) => m.id === 'customer_churn_rate').variant).toBe('inclusive');
  });

  it('prints a readable table grouped by family, showing the suggested mapping', async () => {
    const tickets = file('tickets', (g) => g.file.endsWith('zendesk_tickets.csv'));
    const r = await kpiw(['analyze', tickets.file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Mapping \(auto-suggested/);
    expect(r.stdout).toMatch(/zendesk_tickets\.csv → tickets — confidence 0\.\d+/);
    expect(r.stdout).toMatch(/ticket_id\s+← "Id"/);
    expect(r.stdout).toMatch(/\nSupport\n/);
    expect(r.stdout).toMatch(/\nRecurring revenue\n/);
    expect(r.stdout).toMatch(/missing: subscriptions\./);
  });

  it('--lang fa prints the table in Persian: labels, Jalali periods, Persian digits, localized issues; --lang de is refused', async () => {
    const tickets = file('tickets', (g) => g.file.endsWith('zendesk_tickets.csv'));
    const r = await kpiw(['analyze', tickets.file, '--calendar', 'persian', '--lang', 'fa']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse((await kpiw(['analyze', tickets.file, '--calendar', 'persian', '--json'])).stdout) as
      { metrics: Array<{ id: string; unit: string; value: number | null; status: string; period: string }> };
    expect(r.stdout).toContain(`\n${fa.family.support}\n`);
    expect(r.stdout).toContain(fa.cli.issues);
    expect(r.stdout).not.toMatch(/blank cell|Support\n|missing:|As of/);
    // A count in Persian digits on the metric's line, with the Jalali month name of its period.
    const count = json.metrics.find((m) => m.unit === 'count' && m.status === 'ok' && Number.isInteger(m.value) && m.value! > 0)!;
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith(fa.metric[count.id as keyof typeof fa.metric]))!;
    expect(line, count.id).toContain(new Intl.NumberFormat('fa').format(count.value!));
    expect(line).toContain(formatPeriodKey(count.period, 'persian', 'fa'));
    expect(formatPeriodKey(count.period, 'persian', 'fa')).toMatch(/[\u0600-\u06FF]/);
    const bad = await kpiw(['analyze', tickets.file, '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang de: the languages are en, fa, th, zh-Hant, zh-Hans/);
  });

  it('fails with usage errors (exit 2) and unreadable files (exit 1)', async () => {
    expect((await kpiw(['analyze'])).code).toBe(2);
    expect((await kpiw(['analyze', 'x.csv', '--period', 'fortnight'])).code).toBe(2);
    const bad = path.join(dir, 'bad-map.json');
    await writeFile(bad, '{"version":1,"tables":[{"source":"a.csv","dataset":"nope","fields":{}}]}');
    const r = await kpiw(['analyze', 'x.csv', '--map', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-map\.json: tables\.0\.dataset/);
    const missing = await kpiw(['analyze', path.join(dir, 'does-not-exist.csv'), '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).issues[0].message).toMatch(/does-not-exist\.csv/);
  });
});
