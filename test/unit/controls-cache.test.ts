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

async function engineWithSample(): Promise<Engine> {
  const engine = await Engine.create();
  for (const f of FILES) await engine.openFile({ source: path.join(SAMPLE, f), bytes: new Uint8Array(readFileSync(path.join(SAMPLE, f))) });
  await engine.autoMap();
  return engine;
}

const values = (r: AnalysisResult) => r.metrics.map((m) => ({ id: m.id, value: m.value, series: m.series, segments: m.segments, table: m.table ?? null }));

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
