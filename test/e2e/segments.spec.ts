// Any KPI by segment as a ranked table (issue 14: "churn by sales agent"), on the bundled sample by
// plan. Active customers per plan on 2024-12-31 are counted here from resources/sample/subscriptions.csv
// (started by then, not ended by then); the churn table ranks the lowest churn first.
//
// Test ids used: control-segment, kpi-card-<id>, segment-toggle-<id>, segment-table-<id>, language-menu.
import path from 'node:path';
import { test, expect, openSample, card, shownNumber, readCsv, shot, SAMPLE } from './helpers';

const subs = readCsv(path.join(SAMPLE, 'subscriptions.csv'));
// One row per customer in the sample; a customer counts once however many rows it has.
const activeByPlan = new Map<string, Set<string>>();
for (const r of subs) {
  if (r.start_date > '2024-12-31' || (r.end_date && r.end_date <= '2024-12-31')) continue;
  activeByPlan.set(r.plan, (activeByPlan.get(r.plan) ?? new Set()).add(r.customer_id));
}
const expected = [...activeByPlan].map(([plan, ids]) => [plan, ids.size] as const).sort((a, b) => b[1] - a[1]);

test('active customers and churn by plan as ranked tables', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await expect(card(app, 'active_customers').getByTestId('kpi-value')).toHaveText(/\d/);
  await app.getByTestId('control-segment').selectOption('plan');
  await card(app, 'active_customers').getByTestId('segment-toggle-active_customers').click();
  const table = app.getByTestId('segment-table-active_customers');
  await expect(table.locator('caption')).toHaveText('Active customers by plan');
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(rows.map((r) => [r[1], shownNumber(r[2]!)])).toEqual(expected.map(([p, n]) => [p, n]));
  expect(rows.map((r) => r[0])).toEqual(expected.map((_, i) => String(i + 1)));
  await expect(table.locator('tr.best td').nth(1)).toHaveText(expected[0]![0]);

  // Sorted by plan name on a click.
  await table.getByRole('button', { name: 'plan' }).click();
  const names = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

  // Churn: lower is better, so the lowest rate ranks first.
  await card(app, 'customer_churn_rate').getByTestId('segment-toggle-customer_churn_rate').click();
  const churn = app.getByTestId('segment-table-customer_churn_rate');
  const rates = (await churn.locator('tbody tr td:nth-child(3)').allTextContents()).filter((x) => x !== '—').map(shownNumber);
  expect(rates).toEqual([...rates].sort((a, b) => a - b));
  await shot(app, testInfo, 'by-plan');
  await app.getByTestId('language-menu').selectOption('th');
  await expect(churn.locator('caption')).toContainText('plan');
  await shot(app, testInfo, 'by-plan-th');
  expect(consoleErrors).toEqual([]);
});
