// Columns the engine computes next to the data of a mapped table (src/engine/mapping/gridColumns.ts),
// served by getRows, sortable and filterable in SQL. The assertions moved here from the renderer's
// own computations (test/unit/renderer-grid.test.ts), which are gone.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import type { RowsRequest, TableMapping } from '../../src/shared/types';

const enc = (s: string) => new TextEncoder().encode(s);

async function mapped(source: string, csv: string, entry: Omit<TableMapping, 'source'>): Promise<{ engine: Engine; table: string }> {
  const engine = await Engine.create();
  const result = await engine.openFile({ source, bytes: enc(csv) });
  await engine.setMapping({ version: 1, params: {}, tables: [{ source, ...entry }] });
  return { engine, table: result.tables[0]!.name };
}

/** One computed column's values by source row, in the order asked. */
async function values(engine: Engine, req: RowsRequest, column: string): Promise<unknown[]> {
  const page = await engine.getRows(req);
  const i = page.columns.indexOf(column);
  expect(i, `${column} in ${page.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
  return page.rows.map((r) => r[i]);
}

describe('computed grid columns', () => {
  it('NPS bands per METRICS.md §5, with the nps.* params of the request', async () => {
    const scores = ['0', '6', '7', '8', '9', '10', '-1', '11', '6.5', '', 'nine'];
    const { engine, table } = await mapped('nps.csv', `Score,When\n${scores.map((s, i) => `${s},2024-01-${String(i + 1).padStart(2, '0')}`).join('\n')}\n`,
      { dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'When' } });
    expect((await engine.listTables())[0]!.computed).toEqual([{ id: 'nps_band', column: 'computed:nps_band', unit: 'band' }]);
    const bands = await values(engine, { table, offset: 0, limit: 20 }, 'computed:nps_band');
    expect(bands.slice(0, 6)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(bands.slice(6)).toEqual([null, null, null, null, null]);
    const strict = await values(engine, { table, offset: 0, limit: 20, params: { 'nps.promoter_min': 8, 'nps.detractor_max': 5 } }, 'computed:nps_band');
    expect(strict[3]).toBe('promoter');
    await expect(engine.getRows({ table, offset: 0, limit: 20, params: { 'nps.promoter_min': -3 } })).rejects.toThrow('nps.promoter_min = -3');
    // Filterable and sortable in SQL.
    const promoters = await engine.getRows({ table, offset: 0, limit: 20, filters: [{ column: 'computed:nps_band', kind: 'text', op: 'equals', value: 'promoter' }] });
    expect(promoters.total).toBe(2);
  });

  it('CSAT surveys get no band', async () => {
    const { engine } = await mapped('csat.csv', 'Score,When\n4,2024-01-01\n', { dataset: 'survey_responses', survey: 'csat', fields: { score: 'Score', responded_at: 'When' } });
    expect((await engine.listTables())[0]!.computed).toEqual([]);
  });

  it('hours between stored date-times: first response and resolution of a ticket', async () => {
    const csv = 'Id,Opened,First reply,Closed\n'
      + 'T1,1970-01-01 00:00:00,1970-01-02 00:00:00,\n'
      + 'T2,2024-03-01 09:00:00,2024-03-02 10:30:00,2024-03-03 09:00:00\n'
      + 'T3,2024-03-01,2024-03-01 06:00:00,\n'
      + 'T4,2024-01-01 08:00:00,2024-01-01 08:30:00,2024-01-03 08:00:00\n';
    const { engine, table } = await mapped('tickets.csv', csv, { dataset: 'tickets', fields: { ticket_id: 'Id', created_at: 'Opened', first_response_at: 'First reply', resolved_at: 'Closed' } });
    expect((await engine.listTables())[0]!.computed!.map((c) => c.id)).toEqual(['first_response_hours', 'resolution_hours']);
    expect(await values(engine, { table, offset: 0, limit: 10 }, 'computed:first_response_hours')).toEqual([24, 25.5, 6, 0.5]);
    expect(await values(engine, { table, offset: 0, limit: 10 }, 'computed:resolution_hours')).toEqual([null, 48, null, 48]);
    const fastest = await values(engine, { table, offset: 0, limit: 10, sort: [{ column: 'computed:first_response_hours', direction: 'asc' }] }, '__row');
    expect(fastest[0]).toBe(5);
  });

  it('monthly amount from amount and billing interval, read as the mapping reads it', async () => {
    const rows = [['1200', 'annual'], ['90', 'quarter'], ['1200', 'year'], ['90', 'Quarterly'], ['60', '6'], ['10', 'fortnight'], ['1200', 'سالانه'], ['90', 'every 3 months'], ['1200', '年']];
    const csv = `Customer,Start,Amount,Interval\n${rows.map(([a, i], k) => `C${k},2024-01-01,${a},${i}`).join('\n')}\n`;
    const { engine, table } = await mapped('subs.csv', csv, { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', amount: 'Amount', billing_interval: 'Interval' } });
    expect(await values(engine, { table, offset: 0, limit: 20 }, 'computed:monthly_mrr')).toEqual([100, 30, 100, 30, 10, null, 100, 30, 100]);
    const top = await engine.getRows({ table, offset: 0, limit: 20, sort: [{ column: 'computed:monthly_mrr', direction: 'desc' }], filters: [{ column: 'computed:monthly_mrr', kind: 'number', op: 'gt', value: 50 }] });
    expect(top.total).toBe(4);
  });

  it('without an interval the amount is monthly; with an MRR column there is nothing to compute', async () => {
    const plain = await mapped('subs.csv', 'Customer,Start,Amount\nC1,2024-01-01,50\n', { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', amount: 'Amount' } });
    expect(await values(plain.engine, { table: plain.table, offset: 0, limit: 5 }, 'computed:monthly_mrr')).toEqual([50]);
    const withMrr = await mapped('subs.csv', 'Customer,Start,MRR,Amount\nC1,2024-01-01,75,1200\n', { dataset: 'subscriptions', fields: { customer_id: 'Customer', start_date: 'Start', mrr: 'MRR', amount: 'Amount' } });
    expect((await withMrr.engine.listTables())[0]!.computed).toEqual([]);
  });

  it('an unmapped table has no computed columns, and CSV export still sorts by them', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'misc.csv', bytes: enc('A\n1\n') });
    expect((await engine.listTables())[0]!.computed).toEqual([]);
    const { engine: e2, table } = await mapped('nps.csv', 'Score,When\n3,2024-01-01\n10,2024-01-02\n', { dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'When' } });
    const csv = new TextDecoder().decode(await e2.exportCsv({ table, sort: [{ column: 'computed:nps_band', direction: 'desc' }] }));
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 3)).toEqual(['row,Score,When', '3,10,2024-01-02', '2,3,2024-01-01']);
  });
});
