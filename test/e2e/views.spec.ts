// Saved views in the UI, on the bundled sample: a team view shows its cards in its order and brings
// its period and comparison; a user view is saved from it, edited (a card removed, one added), named
// in the report dialog, shown in Persian, and deleted.
//
// Test ids used: view-menu, view-cards, save-view, view-name, view-remove-<id>, view-add, delete-view,
// control-period, control-comparison, kpi-card-<id>, workspace-menu, export-report, report-view, language-menu.
import { PRESET_VIEWS } from '../../src/shared/views';
import { test, expect, openSample, card, shot } from './helpers';

const preset = (id: string) => PRESET_VIEWS.find((v) => v.id === id)!;
const cardIds = async (page: import('@playwright/test').Page) =>
  page.getByTestId('view-cards').locator('.kpi-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('kpi-card-', '')));

test('team views, a user view edited, the report following it, Persian', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await expect(card(app, 'mrr').getByTestId('kpi-value')).toHaveText(/\d/);

  await app.getByTestId('view-menu').selectOption('support');
  await expect(app.getByTestId('view-cards')).toBeVisible();
  expect(await cardIds(app)).toEqual(preset('support').metrics);
  await expect(app.locator('.kpi-family')).toHaveCount(1);
  await shot(app, testInfo, 'support');

  // The executive view reads a quarter against the same quarter last year.
  await app.getByTestId('view-menu').selectOption('executive');
  await expect(app.getByTestId('control-period')).toHaveValue('quarter');
  await expect(app.getByTestId('control-comparison')).toHaveValue('yoy');
  expect(await cardIds(app)).toEqual(preset('executive').metrics);
  await expect(card(app, 'mrr').getByTestId('kpi-change')).toHaveAttribute('title', /last year/);

  // Saved as the user's own, then edited: MRR out, backlog in at the end.
  await app.getByTestId('save-view').click();
  await app.getByTestId('view-name').fill('Board pack');
  await app.getByTestId('view-name').press('Enter');
  await expect(app.getByTestId('view-menu').locator('option:checked')).toHaveText('Board pack');
  await app.getByTestId('view-remove-mrr').click();
  await app.getByTestId('view-add').selectOption('backlog');
  expect(await cardIds(app)).toEqual([...preset('executive').metrics.filter((id) => id !== 'mrr'), 'backlog']);
  await shot(app, testInfo, 'user-view');

  await app.getByTestId('workspace-menu').click();
  await app.getByTestId('export-report').click();
  await expect(app.getByTestId('report-view')).toHaveText(`The report follows the view “Board pack”: ${preset('executive').metrics.length} KPIs.`);
  await app.keyboard.press('Escape');

  await app.getByTestId('language-menu').selectOption('fa');
  await expect(app.getByTestId('view-menu').locator('option[value="support"]')).toHaveText('پشتیبانی');
  await shot(app, testInfo, 'fa');
  await app.getByTestId('language-menu').selectOption('en');

  await app.getByTestId('delete-view').click();
  await expect(app.getByTestId('view-menu')).toHaveValue('');
  await expect(app.getByTestId('view-cards')).toHaveCount(0);
  await expect(app.locator('.kpi-family').first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a user view brings back its grid: table, sort and filter', async ({ app, consoleErrors }) => {
  await openSample(app);
  await expect(card(app, 'ticket_volume').getByTestId('kpi-value')).toHaveText(/\d/);
  const grid = app.getByTestId('grid');
  await app.locator('.table-button', { hasText: 'tickets.csv' }).click();
  await expect(app.locator('.grid-title')).toHaveText('tickets');
  // Sorted by customer (descending) and filtered to tickets T100… (columns on screen).
  const agent = grid.locator('.ag-header-cell', { hasText: 'customer_id' }).first();
  const agentCol = await agent.getAttribute('col-id');
  await agent.locator('.ag-header-cell-label, .grid-header-name').first().click();
  await agent.locator('.ag-header-cell-label, .grid-header-name').first().click();
  const channel = grid.locator('.ag-header-cell', { hasText: 'ticket_id' }).first();
  await channel.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first().click();
  await app.locator('.ag-filter .ag-filter-body input').first().fill('T100');
  const filteredCount = app.getByTestId('grid-row-count');
  await expect(filteredCount).not.toHaveAttribute('data-total', '1311');
  const total = await filteredCount.getAttribute('data-total');
  const firstAgent = await grid.locator(`.ag-row[row-index="0"] .ag-cell[col-id="${agentCol}"]`).first().textContent();
  await app.keyboard.press('Escape');

  await app.getByTestId('save-view').click();
  await app.getByTestId('view-name').fill('E-mail desk');
  await app.getByTestId('view-name').press('Enter');

  // Elsewhere, then back to the view: same table, rows and order.
  await app.getByTestId('view-menu').selectOption('');
  await app.locator('.table-button', { hasText: 'subscriptions.csv' }).click();
  await expect(app.locator('.grid-title')).toHaveText('subscriptions');
  await app.getByTestId('view-menu').selectOption({ label: 'E-mail desk' });
  await expect(app.locator('.grid-title')).toHaveText('tickets');
  await expect(filteredCount).toHaveAttribute('data-total', total!);
  await expect(grid.locator(`.ag-row[row-index="0"] .ag-cell[col-id="${agentCol}"]`).first()).toHaveText(firstAgent!);
  expect(consoleErrors).toEqual([]);
});
