// A broken file shows a clear error naming it, and the rest of the workspace keeps working.
import { test, expect, openSample, openFiles, card, cardValue, shot } from './helpers';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('opening a broken file shows a clear error while the rest keeps working', async ({ app }, testInfo) => {
  await openSample(app);
  const mrrBefore = await cardValue(app, 'mrr');

  // An "XLSX" that is not a zip archive, and an empty CSV.
  const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-'));
  const broken = path.join(dir, 'broken-export.xlsx');
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
  writeFileSync(broken, junk);
  const empty = path.join(dir, 'empty.csv');
  writeFileSync(empty, '');
  await openFiles(app, [broken, empty]);

  const alerts = app.getByRole('alert');
  await expect(alerts.filter({ hasText: 'broken-export.xlsx' }).first()).toBeVisible();
  await expect(alerts.filter({ hasText: 'empty.csv' }).first()).toBeVisible();
  await shot(app, testInfo, 'errors-shown');

  // The workspace still works: same KPI value, tables still browsable, drill-down still works.
  expect(await cardValue(app, 'mrr')).toBe(mrrBefore);
  await app.locator('.table-button', { hasText: 'tickets' }).first().click();
  await expect(app.getByTestId('grid').locator('.ag-row').first()).toBeVisible();
  await card(app, 'ticket_volume').locator('.kpi-drill').click();
  await expect(app.locator('.grid-wrap')).toContainText(/Showing [\d,]+ rows? behind/);
});
