// KPI targets in the UI, on the bundled sample (data up to 2024-12-31). By quarter in the Persian
// calendar the current quarter 1403-Q4 began on 2024-12-21: 11 of its 90 days. A ticket-volume target
// typed in the details popover shows on the card with attainment and pace (the volume so far
// projected to the quarter's end), as the comparison on the card, and as a target line on the trend;
// a targets sheet written in Persian (Persian headers, digits and metric names) is mapped by itself.
//
// Test ids used: kpi-card-<id>, kpi-value, kpi-target, kpi-change, target-input, target-set,
// target-clear, formula-popover, control-period, control-calendar, control-comparison, language-menu.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, openSample, openFiles, card, cardValue, shownNumber, readCsv, shot, SAMPLE } from './helpers';

const tickets = readCsv(path.join(SAMPLE, 'tickets.csv'));
const createdIn = (from: string, to: string) => tickets.filter((r) => r.created_at.slice(0, 10) >= from && r.created_at.slice(0, 10) <= to).length;
const soFar = createdIn('2024-12-21', '2024-12-31'); // 1 Dey 1403 … 11 Dey 1403

test('a quarterly target: attainment, pace to the quarter end, comparison and target line', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await app.getByTestId('control-period').selectOption('quarter');
  await app.getByTestId('control-calendar').selectOption('persian');
  const volume = card(app, 'ticket_volume');
  await expect(volume.getByTestId('kpi-progress')).toHaveText('11 of 90 days');
  expect(shownNumber(await cardValue(app, 'ticket_volume'))).toBe(soFar);

  // A target the projection passes, typed in the popover: on track.
  const target = Math.floor((soFar * 90) / 11) - 5;
  await volume.locator('button.info').click();
  const popover = app.getByTestId('formula-popover');
  await expect(popover).toContainText('Target for Q4 1403 AP');
  await popover.getByTestId('target-input').fill(String(target));
  await popover.getByTestId('target-input').press('Enter');
  const line = volume.getByTestId('kpi-target');
  // On a partial quarter the card shows the attainment of the projection: "pace 101.9%".
  const pace = Math.round(((soFar * 90) / 11 / target) * 1000) / 10;
  await expect(line).toHaveAttribute('data-status', 'on_track');
  await expect(line).toContainText(`Target ${target.toLocaleString('en-US')}`);
  await expect(line).toContainText('pace');
  expect(shownNumber((await line.textContent())!.split('·')[1]!)).toBeCloseTo(pace, 1);
  await expect(line).toContainText('on track');
  await expect(line).toHaveAttribute('title', `Projected to the period's end at the pace so far: ${((soFar * 90) / 11).toLocaleString('en-US', { maximumFractionDigits: Number.isInteger((soFar * 90) / 11) ? 0 : 1 })}`);
  await shot(app, testInfo, 'target-on-track');

  // Raised above the pace: behind.
  await popover.getByTestId('target-input').fill(String(target * 2));
  await popover.getByTestId('target-set').click();
  await expect(line).toHaveAttribute('data-status', 'behind');
  await app.keyboard.press('Escape');

  // The comparison against the target: the card's change is the gap to it.
  await app.getByTestId('control-comparison').selectOption('target');
  const change = volume.getByTestId('kpi-change');
  await expect(change).toHaveAttribute('title', `Against the target ${(target * 2).toLocaleString('en-US')}`);
  expect(shownNumber((await change.textContent()) ?? '')).toBeCloseTo((soFar / (target * 2) - 1) * 100, 0);

  // The target line on the ticket-volume trend.
  await app.locator('#tab-charts').click();
  await app.locator('.chart-select select').first().selectOption('ticket_volume');
  await shot(app, testInfo, 'target-line');
  await app.locator('#tab-data').click();

  // Persian UI: the same card reads in Persian with Persian digits.
  await app.getByTestId('language-menu').selectOption('fa');
  await expect(line).toContainText('هدف');
  await expect(line).toContainText('عقب از برنامه');
  await shot(app, testInfo, 'target-fa');

  // Cleared: the line goes.
  await app.getByTestId('language-menu').selectOption('en');
  await volume.locator('button.info').click();
  await popover.getByTestId('target-clear').click();
  await expect(line).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a targets sheet in Persian is mapped as targets and applies', async ({ app, consoleErrors }, testInfo) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-targets-'));
  const file = path.join(dir, 'اهداف.csv');
  // December 2024 (complete): the ticket volume against 2× itself, by its Persian name and digits.
  const december = createdIn('2024-12-01', '2024-12-31');
  const persianDigits = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
  writeFileSync(file, `شاخص,دوره,هدف\nحجم درخواست‌ها,۲۰۲۴-۱۲,${persianDigits(december * 2)}\n`);
  await openSample(app);
  await expect(card(app, 'ticket_volume').getByTestId('kpi-value')).toHaveText(/\d/);
  await openFiles(app, [file]);
  const line = card(app, 'ticket_volume').getByTestId('kpi-target');
  await expect(line).toHaveAttribute('data-status', 'missed');
  await expect(line).toContainText(`Target ${(december * 2).toLocaleString('en-US')} · 50%`);
  await shot(app, testInfo, 'sheet-target');
  expect(consoleErrors).toEqual([]);
});
