// Customer snapshots (issue 9 item 4) on the real IBM telco export: auto-mapped with no help, and
// every number checked against a plain re-computation from the CSV text here (Churn = Yes share,
// Σ MonthlyCharges of the customers who stayed, …) — overall and by Contract. Cross-checked once
// with python3's csv module: 7043 customers, 1869 churned (0.265370), MRR 316 985.75, ARPA 61.2651,
// mean tenure 32.3711; Month-to-month 3875 / 0.427097, One year 1473 / 0.112695, Two year 1695 / 0.028319.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { mappingFromSuggestions } from '../../src/engine/mapping/suggest';
import type { AnalysisResult, MappingFile, MetricResult } from '../../src/shared/types';
import { datasetPath, hasDatasets } from '../realDatasets';

const FILE = datasetPath('telco-customer-churn.csv');

interface Ref { n: number; churned: number; rate: number; mrr: number; arpa: number; tenure: number }
function reference(rows: Array<Record<string, string>>): Ref {
  const churned = rows.filter((r) => r.Churn === 'Yes');
  const stayed = rows.filter((r) => r.Churn === 'No');
  const mrr = stayed.reduce((s, r) => s + Number(r.MonthlyCharges), 0);
  return {
    n: rows.length, churned: churned.length, rate: churned.length / rows.length, mrr, arpa: mrr / stayed.length,
    tenure: rows.reduce((s, r) => s + Number(r.tenure), 0) / rows.length,
  };
}

describe.runIf(hasDatasets('customers-snapshot', 'telco-customer-churn.csv'))('telco-customer-churn.csv as a customer snapshot', () => {
  let mapping: MappingFile;
  let total: AnalysisResult;
  let byContract: AnalysisResult;
  let rows: Array<Record<string, string>>;

  beforeAll(async () => {
    const text = await readFile(FILE, 'utf8');
    const [head, ...lines] = text.trim().split(/\r?\n/);
    const cols = head!.split(',');
    rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    const engine = await Engine.create();
    await engine.openFile({ source: FILE, bytes: new Uint8Array(await readFile(FILE)) });
    mapping = mappingFromSuggestions(await engine.suggestMapping(), { version: 1, tables: [], params: {} }, 0.25);
    await engine.setMapping(mapping);
    total = await engine.computeMetrics({ asOf: '2024-06-30' });
    byContract = await engine.computeMetrics({ asOf: '2024-06-30', segment: 'Contract' });
  }, 120_000);

  const metric = (r: AnalysisResult, id: string): MetricResult => r.metrics.find((m) => m.id === id)!;

  it('maps itself to the customers dataset with the telco columns', () => {
    expect(mapping.tables).toHaveLength(1);
    const t = mapping.tables[0]!;
    expect(t.dataset).toBe('customers');
    expect(t.fields).toMatchObject({ customer_id: 'customerID', tenure: 'tenure', monthly_amount: 'MonthlyCharges', churned: 'Churn',
      contract: 'Contract', payment_method: 'PaymentMethod' });
  });

  it('gives churn, retention, active customers, MRR, ARPA, tenure and CLV equal to the re-computation', () => {
    const ref = reference(rows);
    expect(ref.n).toBe(7043);
    expect(metric(total, 'snapshot_customers').value).toBe(ref.n);
    expect(metric(total, 'snapshot_active_customers').value).toBe(ref.n - ref.churned);
    expect(metric(total, 'snapshot_churn_rate').value).toBeCloseTo(ref.rate, 12);
    expect(metric(total, 'snapshot_churn_rate').value).toBeCloseTo(0.265370, 6);
    expect(metric(total, 'snapshot_retention_rate').value).toBeCloseTo(1 - ref.rate, 12);
    expect(metric(total, 'snapshot_mrr').value).toBeCloseTo(ref.mrr, 6);
    expect(metric(total, 'snapshot_arpa').value).toBeCloseTo(ref.arpa, 9);
    expect(metric(total, 'snapshot_avg_tenure').value).toBeCloseTo(ref.tenure, 9);
    expect(metric(total, 'snapshot_clv').value).toBeCloseTo(ref.arpa / ref.rate, 6);
    for (const id of ['snapshot_churn_rate', 'snapshot_mrr', 'snapshot_arpa', 'snapshot_clv']) {
      expect(metric(total, id).status, id).toBe('ok');
    }
  });

  it('states the snapshot date beside the numbers', () => {
    const m = metric(total, 'snapshot_churn_rate') as MetricResult & { notes?: string[]; stats?: Record<string, unknown> };
    expect(m.stats?.snapshot_date).toBe('2024-06-30');
    expect(m.notes?.[0]).toContain('Snapshot date 2024-06-30');
    // A monthly churn flag meets the monthly band: 1 − 0.93^(1/12) = 0.00603.
    expect(m.benchmark?.good?.max).toBeCloseTo(0.0060293, 6);
    expect(m.benchmark?.text).toMatch(/\/mo.* — Thai guide$/);
  });

  it('by Contract, each segment matches its own re-computation and counts add up to the total', () => {
    const contracts = [...new Set(rows.map((r) => r.Contract!))];
    expect(contracts.sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
    for (const c of contracts) {
      const ref = reference(rows.filter((r) => r.Contract === c));
      const seg = (id: string) => metric(byContract, id).segments.find((s) => s.segment === c)?.value;
      expect(seg('snapshot_customers'), c).toBe(ref.n);
      expect(seg('snapshot_churn_rate'), c).toBeCloseTo(ref.rate, 12);
      expect(seg('snapshot_mrr'), c).toBeCloseTo(ref.mrr, 6);
      expect(seg('snapshot_arpa'), c).toBeCloseTo(ref.arpa, 9);
      expect(seg('snapshot_clv'), c).toBeCloseTo(ref.arpa / ref.rate, 6);
    }
    const sum = (id: string) => metric(byContract, id).segments.reduce((s, x) => s + (x.value ?? 0), 0);
    expect(sum('snapshot_customers')).toBe(7043);
    expect(sum('snapshot_mrr')).toBeCloseTo(reference(rows).mrr, 6);
  });
});
