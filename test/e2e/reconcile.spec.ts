// The reconciliation tab (issue 11): a billing and a CRM export of the same subscriptions with
// one planted difference of every category; the bridge is checked against the numbers worked out
// by hand below, a bridge row drills to its customers, a customer to its rows in both files, and
// a manual match moves a customer from "only left"/"only right" to "matched".
import { test, expect, openFiles, pickDate, shot, cardValue, shownNumber } from './helpers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-reconcile-'));
const billing = path.join(dir, 'billing.csv');
const crm = path.join(dir, 'crm.csv');
writeFileSync(billing, [
  'Customer ID,Email,MRR,Start Date,End Date',
  'cus_001,a@x.com,100,2024-01-01,', // CRM: CUS-001, same MRR — matched by normalised id
  'cus_002,b@x.com,50,2024-01-01,', // CRM: CRM9 (tied by e-mail) at 45 — amount −5
  'cus_003,c@x.com,90,2024-01-01,2024-03-20', // CRM cancels 2024-04-10 — timing +90
  'cus_004,d@x.com,100,2024-01-01,', // CRM: 1200, the annual amount — interval +1100
  'cus_005,e@x.com,10,2024-01-01,', // not in the CRM — only left −10
  'cus_006,,30,2024-01-01,', // the CRM's Z-ACC, nothing ties them — only left −30 until matched by hand
].join('\n') + '\n');
writeFileSync(crm, [
  'Account,Email,MRR,Start Date,End Date',
  'CUS-001,a@x.com,100,2024-01-01,',
  'CRM9,B@x.com,45,2024-01-01,',
  'cus_003,c@x.com,90,2024-01-01,2024-04-10',
  'cus_004,d@x.com,1200,2024-01-01,',
  'cus_777,z@x.com,5,2024-02-01,', // not in billing — only right +5
  'Z-ACC,,30,2024-01-01,', // only right +30 until matched by hand
].join('\n') + '\n');

// At 2024-03-31: left 100 + 50 + 100 + 10 + 30 = 290 (cus_003 ended 03-20); right 100 + 45 + 90 + 1200 + 5 + 30 = 1470.
const BEFORE = {
  matched: [1, 0], interval: [1, 1100], amount: [1, -5], timing: [1, 90], only_left: [2, -40], only_right: [2, 35], total: [8, 1180],
} as const;
// cus_006 ↔ Z-ACC by hand: 30 = 30 is matched; the one-sided rows lose them.
const AFTER = { ...BEFORE, matched: [2, 0], only_left: [1, -10], only_right: [1, 5], total: [7, 1180] } as const;

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function expectBridge(page: Page, expected: Record<string, readonly [number, number]>) {
  const bridge = page.getByTestId('reconcile-bridge');
  for (const [category, [customers, difference]] of Object.entries(expected)) {
    const cells = bridge.locator(`tr[data-category="${category}"] td`);
    await expect(cells.nth(0), `${category}: customers`).toHaveText(String(customers));
    await expect(cells.nth(3), `${category}: difference`).toHaveText(money(difference));
  }
}

test('reconciles a billing export with a CRM export, drills and matches by hand', async ({ app }, testInfo) => {
  await openFiles(app, [billing, crm]);
  await expect(app.locator('.table-item')).toHaveCount(2);
  // "Reconcile…" on the second file opens the tab with it on the right.
  await app.locator('.table-item').filter({ hasText: 'crm.csv' }).getByRole('button', { name: 'Reconcile…' }).click();
  await expect(app.getByRole('tab', { name: 'Reconcile' })).toHaveAttribute('aria-selected', 'true');
  await pickDate(app, 'reconcile-asof', '2024-03-31');
  await expect(app.getByTestId('reconcile-summary')).toContainText(`left ${money(290)} → right ${money(1470)}; difference ${money(1180)}`);
  await expectBridge(app, BEFORE);
  const total = app.getByTestId('reconcile-bridge').locator('tr[data-category="total"] td');
  await expect(total.nth(1)).toHaveText(money(290));
  await expect(total.nth(2)).toHaveText(money(1470));
  await shot(app, testInfo, 'bridge');

  // Drill: the "Only left" row shows its two customers.
  await app.getByTestId('reconcile-bridge').getByRole('button', { name: 'Only left' }).click();
  await expect(app.getByTestId('reconcile-count')).toHaveText('2 of 8 customers');
  const grid = app.getByTestId('reconcile-customers');
  await expect(grid.locator('.ag-cell[col-id="left_id"]')).toHaveText(['cus_006', 'cus_005']);
  await grid.locator('.ag-cell[col-id="left_id"]', { hasText: 'cus_006' }).click();
  const detail = app.getByTestId('reconcile-detail');
  await expect(detail.getByTestId('reconcile-rows-left')).toContainText('cus_006');
  await expect(detail.getByTestId('reconcile-rows-right')).toContainText('No rows on this side');
  await shot(app, testInfo, 'drill');

  // A matched customer's rows of both files side by side.
  await app.getByTestId('reconcile-filter-category').selectOption('timing');
  await grid.locator('.ag-cell[col-id="left_id"]', { hasText: 'cus_003' }).click();
  await expect(detail.getByTestId('reconcile-rows-left')).toContainText('2024-03-20');
  await expect(detail.getByTestId('reconcile-rows-right')).toContainText('2024-04-10');
  await shot(app, testInfo, 'rows');

  // Manual match: cus_006 ↔ Z-ACC.
  await app.getByTestId('reconcile-filter-category').selectOption('only_left');
  // The grid animates the filter: wait until the row is there once before clicking it.
  const cus006 = grid.locator('.ag-cell[col-id="left_id"]', { hasText: 'cus_006' });
  await expect(cus006).toHaveCount(1);
  await cus006.click();
  await detail.getByTestId('reconcile-match-with').selectOption('Z-ACC');
  await detail.getByTestId('reconcile-match').click();
  await expectBridge(app, AFTER);
  await app.getByTestId('reconcile-filter-category').selectOption('');
  await app.getByTestId('reconcile-filter-rule').selectOption('manual');
  await expect(app.getByTestId('reconcile-count')).toHaveText('1 of 7 customers');
  await expect(grid.locator('.ag-cell[col-id="right_id"]')).toHaveText(['Z-ACC']);
  await shot(app, testInfo, 'manual');

  // The match is kept in the mapping: another tab and back, it is still there.
  await app.getByRole('tab', { name: 'Data' }).click();
  await app.getByRole('tab', { name: 'Reconcile' }).click();
  await expectBridge(app, AFTER);

  // The KPI panel does not add the two files together: it asks for the source of truth. At its
  // as-of date (2024-02-01, the latest date) billing has 100 + 50 + 90 + 100 + 10 + 30 = 380, the
  // CRM 100 + 45 + 90 + 1200 + 5 + 30 = 1470; both added would be 1850.
  // Until one is chosen the first table stands in — never the two added together.
  const truth = app.getByTestId('source-of-truth-subscriptions');
  await expect(truth).toContainText('Which one is the source of truth?');
  expect(shownNumber(await cardValue(app, 'mrr'))).toBe(380);
  await truth.getByRole('combobox').selectOption({ label: 'crm.csv' });
  await expect(truth).toContainText('KPIs use only');
  await expect.poll(async () => shownNumber(await cardValue(app, 'mrr'))).toBe(1470);
  await truth.getByRole('combobox').selectOption({ label: 'billing.csv' });
  await expect.poll(async () => shownNumber(await cardValue(app, 'mrr'))).toBe(380);
  // Added together only when asked for (parts of one export).
  await truth.getByRole('combobox').selectOption({ label: 'All, added together' });
  await expect(truth).toContainText('add every table together');
  await expect.poll(async () => shownNumber(await cardValue(app, 'mrr'))).toBe(1850);
  await truth.getByRole('combobox').selectOption({ label: 'crm.csv' });
  await expect.poll(async () => shownNumber(await cardValue(app, 'mrr'))).toBe(1470);
  // The reconciliation still sees both files.
  await expectBridge(app, AFTER);
  await shot(app, testInfo, 'source-of-truth');

  // The workbook downloads.
  const download = app.waitForEvent('download');
  await app.getByTestId('reconcile-export').click();
  expect((await download).suggestedFilename()).toBe('reconciliation 2024-03-01.xlsx');

  // In Persian the view mirrors: right-to-left page, the bridge table and chart in Persian.
  await app.getByTestId('language-menu').selectOption('fa');
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(app.getByRole('tab', { name: 'تطبیق' })).toHaveAttribute('aria-selected', 'true');
  await shot(app, testInfo, 'fa');
});
