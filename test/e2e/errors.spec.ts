// A broken file shows a clear error naming it, and the rest of the workspace keeps working.
import { test, expect, openSample, openFiles, card, cardValue, shot } from './helpers';
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
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

test('a long import shows its progress and can be cancelled; nothing of it is left behind', async ({ app }, testInfo) => {
  test.setTimeout(240_000);
  // About 40 MB of subscriptions: long enough to see the progress bar and press Cancel.
  const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-'));
  const big = path.join(dir, 'big-subscriptions.csv');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(big);
    out.on('error', reject);
    out.write('customer_id,plan,mrr,start_date,end_date,notes\n');
    const chunk: string[] = [];
    for (let i = 0; i < 600_000; i++) {
      chunk.push(`C${i},Growth,${(i % 500) + 10},2023-${String((i % 12) + 1).padStart(2, '0')}-01,,customer number ${i} of the long file\n`);
      if (chunk.length === 10_000) { out.write(chunk.join('')); chunk.length = 0; }
    }
    out.end(chunk.join(''), () => resolve());
  });
  await openSample(app);
  const mrrBefore = await cardValue(app, 'mrr');

  await openFiles(app, [big]);
  const progress = app.getByRole('progressbar', { name: /big-subscriptions/ });
  await expect(progress).toBeVisible();
  await shot(app, testInfo, 'importing');
  await app.locator('.import-progress').getByRole('button', { name: /cancel/i }).click();
  await expect(app.getByText(/cancelled/i).first()).toBeVisible();
  await expect(progress).toBeHidden();
  await expect(app.locator('.table-button', { hasText: 'big' })).toHaveCount(0);
  expect(await cardValue(app, 'mrr')).toBe(mrrBefore);
  await shot(app, testInfo, 'cancelled');
});
