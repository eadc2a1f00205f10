// Honest periods in the UI, on the bundled sample (data up to 2024-12-31): by quarter in the
// Persian calendar the current quarter, 1403-Q4, began on 1 Dey 1403 = 2024-12-21, so it is 11 of
// its 90 days; the ticket-volume change compares those 11 days with the first 11 of 1403-Q3
// (1 Mehr = 2024-09-22 … 2024-10-02), counted here from resources/sample/tickets.csv. With
// "Last complete period" the cards show 1403-Q3 whole. YoY adds last year's line to the trend.
// In English the Persian quarters read "Q4 1403 AP" (the calendar's own label, as on the cards).
//
// Test ids used: control-period, control-calendar, control-comparison, control-last-complete,
// kpi-card-<id>, kpi-value, kpi-change, kpi-progress, kpi-period-progress, kpi-last-complete,
// workspace-menu, export-report, report-dialog, report-current-period, export-report-confirm.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { test, expect, openSample, card, cardValue, shownNumber, readCsv, shot, SAMPLE } from './helpers';

const tickets = readCsv(path.join(SAMPLE, 'tickets.csv'));
const createdIn = (from: string, to: string) => tickets.filter((r) => r.created_at.slice(0, 10) >= from && r.created_at.slice(0, 10) <= to).length;
const current = createdIn('2024-12-21', '2024-12-31');
const previousLikeForLike = createdIn('2024-09-22', '2024-10-02');
const previousWhole = createdIn('2024-09-22', '2024-12-20');
const yearAgoLikeForLike = createdIn('2023-12-22', '2024-01-01'); // 1 Dey 1402 … 11 Dey 1402

test.describe('honest periods', () => {
  test('a partial Persian quarter is marked and compared like for like', async ({ app, consoleErrors }, testInfo) => {
    await openSample(app);
    await expect(card(app, 'ticket_volume')).toBeVisible();
    // By month (December complete): no partial marker.
    await expect(card(app, 'ticket_volume').getByTestId('kpi-progress')).toHaveCount(0);
    await app.getByTestId('control-period').selectOption('quarter');
    await app.getByTestId('control-calendar').selectOption('persian');
    const volume = card(app, 'ticket_volume');
    await expect(volume.getByTestId('kpi-progress')).toHaveText('11 of 90 days');
    await expect(app.getByTestId('kpi-period-progress')).toHaveText('Q4 1403 AP: 11 of 90 days');
    expect(shownNumber(await cardValue(app, 'ticket_volume'))).toBe(current);
    const change = volume.getByTestId('kpi-change');
    await expect(change).toHaveAttribute('title', 'Change against Q3 1403 AP, like for like: 2024-09-22 – 2024-10-02');
    const expected = (current / previousLikeForLike - 1) * 100;
    expect(shownNumber((await change.textContent()) ?? '')).toBeCloseTo(expected, 1);
    // The naive comparison with the whole of 1403-Q3 would read about −88 %: not what is shown.
    expect(Math.abs(expected - (current / previousWhole - 1) * 100)).toBeGreaterThan(20);
    await shot(app, testInfo, 'partial-quarter');

    // Same period last year, like for like.
    await app.getByTestId('control-comparison').selectOption('yoy');
    await expect(change).toHaveAttribute('title', 'Change against Q4 1402 AP (last year), like for like: 2023-12-22 – 2024-01-01');
    expect(shownNumber((await change.textContent()) ?? '')).toBeCloseTo((current / yearAgoLikeForLike - 1) * 100, 1);
    // The ticket-volume trend: last year's line beside this year's, the partial quarter dashed.
    await app.locator('#tab-charts').click();
    await app.locator('.chart-select select').first().selectOption('ticket_volume');
    await expect(app.getByRole('region', { name: 'KPI trend' }).or(app.locator('.chart-card').nth(1))).toBeVisible();
    await shot(app, testInfo, 'yoy');
    await app.locator('#tab-data').click();

    // The last complete period instead: 1403-Q3 whole, no partial marker.
    await app.getByTestId('control-comparison').selectOption('previous');
    await app.getByTestId('control-last-complete').check();
    await expect(app.getByTestId('kpi-last-complete')).toContainText('Dey 11, 1403 AP') // 2024-12-31 in the Persian calendar chosen;
    await expect(volume.getByTestId('kpi-progress')).toHaveCount(0);
    await expect(app.getByTestId('kpi-period-progress')).toHaveCount(0);
    await expect.poll(async () => shownNumber(await cardValue(app, 'ticket_volume'))).toBe(previousWhole);
    await shot(app, testInfo, 'last-complete');
    expect(consoleErrors).toEqual([]);
  });

  test('the report covers the last complete quarter unless the partial one is asked for', async ({ app }, testInfo) => {
    await openSample(app);
    await app.getByTestId('control-period').selectOption('quarter');
    await app.getByTestId('control-calendar').selectOption('persian');
    await expect(card(app, 'ticket_volume').getByTestId('kpi-progress')).toHaveText('11 of 90 days');
    const report = async (currentPeriod: boolean, name: string) => {
      await app.getByTestId('workspace-menu').click();
      await app.getByTestId('export-report').click();
      await expect(app.getByTestId('report-dialog')).toBeVisible();
      if (currentPeriod) await app.getByTestId('report-current-period').check();
      await shot(app, testInfo, `dialog-${name}`);
      const [dl] = await Promise.all([app.waitForEvent('download'), app.getByTestId('export-report-confirm').click()]);
      const file = testInfo.outputPath(`${name}.xlsx`);
      await dl.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('Summary')!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      let row: ExcelJS.Row | undefined;
      ws.eachRow((r) => { if (r.getCell(header.indexOf('Id')).value === 'ticket_volume') row = r; });
      return (col: string) => row!.getCell(header.indexOf(col)).value;
    };
    const whole = await report(false, 'default');
    expect(whole('Period')).toBe('Q3 1403 AP');
    expect(whole('Value')).toBe(previousWhole);
    const partial = await report(true, 'current');
    expect(partial('Period')).toBe('Q4 1403 AP');
    expect(partial('Value')).toBe(current);
    expect(partial('Previous')).toBe(previousLikeForLike);
    expect(partial('Days')).toBe('11 of 90 (partial)');
    expect(partial('Compared with')).toBe('Q3 1403 AP (2024-09-22 – 2024-10-02)');
  });
});
