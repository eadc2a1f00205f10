// `kpiw analyze` on a partial current period: the text says "9 of 31 days" and compares like for
// like; --last-complete analyzes November instead; `kpiw report` uses the last complete period by
// default and --current-period keeps the partial one. Counts by hand from the CSV below.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, kpiw } from '../fixtures/cli';

const CSV = `ticket_id,created_at,resolved_at
1,2011-11-01 10:00:00,2011-11-02 10:00:00
2,2011-11-03 10:00:00,2011-11-04 10:00:00
3,2011-11-08 10:00:00,2011-11-09 10:00:00
4,2011-11-20 10:00:00,2011-11-21 10:00:00
5,2011-11-28 10:00:00,2011-11-29 10:00:00
6,2011-12-02 10:00:00,2011-12-03 10:00:00
7,2011-12-09 10:00:00,2011-12-09 12:00:00
`;

describe('kpiw on a partial period', () => {
  let file: string;
  let dir: string;
  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-partial-'));
    file = path.join(dir, 'tickets.csv');
    await writeFile(file, CSV);
  }, 120_000);

  it('says the period is partial and compares December 1–9 with November 1–9', async () => {
    const r = await kpiw(['analyze', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2011-12 is partial: 9 of 31 days; changes compare like for like with 2011-11 2011-11-01 – 2011-11-09/);
    // December 1–9: tickets 6, 7 = 2; November 1–9: tickets 1, 2, 3 = 3 → −33.3 % (not 2 vs 5 = −60 %).
    expect(r.stdout).toMatch(/Ticket volume\s+2\s+-33\.3%\s+2011-12/);
    const j = JSON.parse((await kpiw(['analyze', file, '--json'])).stdout);
    const volume = j.metrics.find((m: { id: string }) => m.id === 'ticket_volume');
    expect(volume.periodProgress).toEqual({ elapsedDays: 9, totalDays: 31, partial: true });
    expect(volume.comparisons.previous).toEqual({ period: '2011-11', value: 3, from: '2011-11-01', to: '2011-11-09', partial: true });
  }, 60_000);

  it('--last-complete analyzes November 2011', async () => {
    const j = JSON.parse((await kpiw(['analyze', file, '--json', '--last-complete'])).stdout);
    expect(j.asOf).toBe('2011-11-30');
    expect(j.dataAsOf).toBe('2011-12-09');
    const volume = j.metrics.find((m: { id: string }) => m.id === 'ticket_volume');
    expect(volume.period).toBe('2011-11');
    expect(volume.value).toBe(5);
  }, 60_000);

  it('report: the last complete period by default, the partial one with --current-period', async () => {
    const read = async (extra: string[]) => {
      const out = path.join(dir, `r${extra.length}.xlsx`);
      expect((await kpiw(['report', file, '--out', out, ...extra])).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('Summary')!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      let row: ExcelJS.Row | null = null;
      ws.eachRow((rw) => { if (rw.getCell(3).value === 'ticket_volume') row = rw; });
      const cell = (name: string) => (row as unknown as ExcelJS.Row).getCell(header.indexOf(name) + 1).value;
      return { cell, ws };
    };
    const full = await read([]);
    expect(full.cell('Period')).toBe('2011-11');
    expect(full.cell('Value')).toBe(5);
    expect(full.cell('Days')).toBe('30 of 30');
    const partial = await read(['--current-period']);
    expect(partial.cell('Period')).toBe('2011-12');
    expect(partial.cell('Value')).toBe(2);
    expect(partial.cell('Previous')).toBe(3);
    expect(partial.cell('Days')).toBe('9 of 31 (partial)');
    expect(partial.cell('Compared with')).toBe('2011-11 (2011-11-01 – 2011-11-09)');
  }, 90_000);
});
