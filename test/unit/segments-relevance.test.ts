// A metric lists only the segments its own inputs have rows in (the sample workspace, split by plan).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { Engine } from '../../src/engine/api';

const SAMPLE = path.resolve(__dirname, '../../resources/sample');

describe('segments per metric', () => {
  it('MRR by plan has exactly the plans, summing to MRR; tickets (no plan column) are not split', async () => {
    const engine = await Engine.create();
    for (const f of ['subscriptions.csv', 'tickets.csv']) {
      await engine.openFile({ source: path.join(SAMPLE, f), bytes: new Uint8Array(readFileSync(path.join(SAMPLE, f))) });
    }
    await engine.autoMap();
    const r = await engine.computeMetrics({ segment: 'plan' });
    const mrr = r.metrics.find((m) => m.id === 'mrr')!;
    const subs = Papa.parse<Record<string, string>>(readFileSync(path.join(SAMPLE, 'subscriptions.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const active = subs.filter((s) => s.start_date! <= r.asOf && (!s.end_date || s.end_date > r.asOf));
    const byPlan = new Map<string, number>();
    for (const s of active) byPlan.set(s.plan!, (byPlan.get(s.plan!) ?? 0) + Number(s.mrr));
    expect(Object.fromEntries(mrr.segments.map((s) => [s.segment, s.value]))).toEqual(Object.fromEntries(byPlan));
    expect(mrr.value).toBe([...byPlan.values()].reduce((a, b) => a + b, 0));
    expect(r.metrics.find((m) => m.id === 'ticket_volume')!.segments).toEqual([]);
  });
});
