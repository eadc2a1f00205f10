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
