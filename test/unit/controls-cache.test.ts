// Control changes reuse reads of the same data (MetricContext.memo): every metric after a sequence
// of control changes equals the same request answered by a fresh engine, segments included.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/engine/api';
import type { AnalysisOptions, AnalysisResult } from '../../src/shared/types';
import { analyzeFamilies } from '../../src/engine/metrics/analyze';
import { healthFamily } from '../../src/engine/metrics/families/health';
import { listTables } from '../../src/engine/store/catalog';
import type { Database } from '../../src/engine/store/database';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');
const FILES = ['subscriptions.csv', 'tickets.csv'];

/** The sample files, any of them replaced by other bytes (a re-imported, edited export). */
async function engineWithSample(files = FILES, bytesOf: (f: string) => Uint8Array = sampleBytes): Promise<Engine> {
  const engine = await Engine.create();
  for (const f of files) await engine.openFile({ source: path.join(SAMPLE, f), bytes: bytesOf(f) });
  await engine.autoMap();
  return engine;
}
const sampleBytes = (f: string) => new Uint8Array(readFileSync(path.join(SAMPLE, f)));

const values = (r: AnalysisResult) => r.metrics.map((m) => ({
  id: m.id, value: m.value, series: m.series, segments: m.segments, table: m.table ?? null, comparisons: m.comparisons ?? null,
  notes: m.notes ?? null, stats: m.stats, sql: m.sql,
}));

/** Every step's result on `warm` equals a fresh engine's (made by `fresh`) for the same options. */
async function expectLikeFresh(warm: Engine, fresh: () => Promise<Engine>, sequence: AnalysisOptions[], label = ''): Promise<void> {
  for (const options of sequence) {
    const got = await warm.computeMetrics(options);
    const want = await (await fresh()).computeMetrics(options);
    expect(values(got), `${label}${JSON.stringify(options)}`).toEqual(values(want));
  }
}

describe('control changes over cached reads', () => {
  it('answers each control as a fresh engine does', async () => {
    const warm = await engineWithSample();
    const sequence: AnalysisOptions[] = [
      {}, { period: 'quarter' }, { segment: 'plan' }, { segment: 'plan', period: 'quarter' }, { calendar: 'persian', segment: 'plan' },
      { segment: 'country' }, {}, { segment: 'plan', asOf: '2024-03-15' }, { params: { 'churn.variant': 'inclusive' }, segment: 'plan' },
    ];
    for (const options of sequence) {
      const got = await warm.computeMetrics(options);
      const fresh = await (await engineWithSample()).computeMetrics(options);
      expect(values(got), JSON.stringify(options)).toEqual(values(fresh));
    }
  }, 120_000);

  // Health scores are cached per reference date (ctx.memo): sequences whose period lists share
  // dates, dates seen again, other segments, and changes that must not reuse a cached score.
  it('answers from per-date health scores as a fresh engine does', async () => {
    const warm = await engineWithSample();
    await expectLikeFresh(warm, engineWithSample, [
      {}, { period: 'quarter' }, {}, { period: 'quarter' },
      { asOf: '2024-03-15' }, { asOf: '2024-01-31' }, { asOf: '2024-03-15' }, {}, { asOf: '2024-01-31', period: 'quarter' },
      { segment: 'plan' }, { segment: 'country' }, { segment: 'plan', period: 'quarter' }, { segment: 'plan', asOf: '2024-01-31' },
      { calendar: 'persian' }, { calendar: 'persian', segment: 'plan' }, {},
      { params: { 'health.weights': { tenure: 0, usage: 50 } } }, {}, { params: { 'health.bands': { red: 50, green: 80 } } },
      { params: { 'health.thresholds': { revenue_trend: { bad: -0.5, good: 0.5 } } }, segment: 'plan' }, { segment: 'plan' },
      // Memos of more segment columns than are kept (3), then back to earlier ones.
      { segment: 'company' }, { segment: 'country', asOf: '2024-03-15' }, { segment: 'plan', asOf: '2024-03-15' }, { asOf: '2024-03-15' }, { segment: 'company' },
    ]);
  }, 240_000);

  it('does not reuse health scores of another NPS scale', async () => {
    const files = [...FILES, 'nps_responses.csv'];
    const warm = await engineWithSample(files);
    const fresh = () => engineWithSample(files);
    await expectLikeFresh(warm, fresh, [{}, { params: { 'nps.scale': '1-10' } }, {}, { params: { 'nps.scale': '1-10' }, period: 'quarter' }]);
  }, 120_000);

  it('answers the totals of every family as a fresh engine does after segment columns come and go', async () => {
    // Totals are cached without the segment column (Setup.totalKey): every sample file mapped.
    const files = ['subscriptions.csv', 'tickets.csv', 'nps_responses.csv', 'csat_responses.csv', 'usage_events.csv', 'events.csv'];
    const warm = await engineWithSample(files);
    await expectLikeFresh(warm, () => engineWithSample(files), [
      {}, { segment: 'plan' }, { segment: 'country' }, { segment: 'country', period: 'quarter' }, { period: 'quarter' }, { segment: 'plan', asOf: '2024-03-15' },
    ]);
  }, 240_000);

  it('does not reuse health scores after a re-import or a mapping change', async () => {
    const warm = await engineWithSample();
    await expectLikeFresh(warm, engineWithSample, [{}, { period: 'quarter' }, { segment: 'plan' }]);
    // Re-imported with other MRR and end dates (same rows, same columns: the same table shape).
    const edited = (f: string) => {
      if (f !== 'subscriptions.csv') return sampleBytes(f);
      const lines = readFileSync(path.join(SAMPLE, f), 'utf8').split('\n');
      return new TextEncoder().encode(lines.map((l, i) => {
        if (i === 0 || !l) return l;
        const cells = l.split(',');
        cells[3] = String(Number(cells[3]) * (i % 3 === 0 ? 2 : 1) + (i % 7 === 0 ? 0.37 : 0));
        if (i % 5 === 0) cells[5] = '';
        return cells.join(',');
      }).join('\n'));
    };
    const src = path.join(SAMPLE, 'subscriptions.csv');
    await warm.reimportFile({ source: src, bytes: edited('subscriptions.csv') });
    const freshEdited = () => engineWithSample(FILES, edited);
    await expectLikeFresh(warm, freshEdited, [{}, { period: 'quarter' }, { segment: 'plan' }], 're-import ');
    // The tickets unmapped: the support component is dropped from every score.
    const mapping = await warm.getMapping();
    const withoutTickets = { ...mapping, tables: mapping.tables.filter((t) => t.dataset !== 'tickets') };
    expect(withoutTickets.tables.length).toBeLessThan(mapping.tables.length);
    await warm.setMapping(withoutTickets);
    const freshUnmapped = async () => { const e = await freshEdited(); await e.setMapping(withoutTickets); return e; };
    await expectLikeFresh(warm, freshUnmapped, [{}, { period: 'quarter' }, { segment: 'plan' }], 'mapping ');
  }, 240_000);

  it('scores every segment in one health run as separate runs without the memo do', async () => {
    const options: AnalysisOptions = { segment: 'plan', period: 'quarter' };
    const got = (await (await engineWithSample()).computeMetrics(options)).metrics.find((m) => m.id === 'health_score')!;
    const plain = await engineWithSample();
    const db = (plain as unknown as { database: Database }).database;
    const noMemo = { ...healthFamily, compute: (ctx: Parameters<typeof healthFamily.compute>[0]) => healthFamily.compute({ ...ctx, memo: undefined }) };
    const want = analyzeFamilies([noMemo], db, listTables(db), await plain.getMapping(), [], options).metrics.find((m) => m.id === 'health_score')!;
    expect(got.segments.length).toBeGreaterThan(1);
    expect({ value: got.value, series: got.series, segments: got.segments, table: got.table, notes: got.notes })
      .toEqual({ value: want.value, series: want.series, segments: want.segments, table: want.table, notes: want.notes });
  }, 60_000);
});
