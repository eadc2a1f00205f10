// Dropping files onto the window imports them, as picking them in the file dialog does.
import { test, expect, card, cardValue, shownNumber, shot, SAMPLE, readCsv } from './helpers';
import { readFileSync } from 'node:fs';
import path from 'node:path';

test('dropping a CSV onto the window imports and maps it', async ({ app }, testInfo) => {
  const file = path.join(SAMPLE, 'subscriptions.csv');
  const text = readFileSync(file, 'utf8');
  const rows = readCsv(file);
  // A real drop: a DataTransfer holding a File, dispatched as dragenter/dragover/drop.
  const dataTransfer = await app.evaluateHandle(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/csv' }));
    return dt;
  }, { name: 'subscriptions.csv', text });
  const target = app.locator('.app');
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });

  await expect(app.locator('.grid-wrap .grid-toolbar').first()).toContainText(`${rows.length} rows`);
  await expect(app.getByTestId('mapping-panel').getByTestId('mapping-dataset')).toHaveValue('subscriptions');
  // MRR on the as-of date the KPI panel states, from the rows themselves.
  const header = app.getByText(/As of \d{4}-\d{2}-\d{2}/).first();
  await expect(header).toBeVisible();
  const asOf = /(\d{4}-\d{2}-\d{2})/.exec((await header.textContent()) ?? '')![1];
  const mrr = rows.filter((r) => r.start_date <= asOf && (r.end_date === '' || r.end_date > asOf)).reduce((s, r) => s + Number(r.mrr), 0);
  await expect(card(app, 'mrr')).toBeVisible();
  expect(shownNumber(await cardValue(app, 'mrr'))).toBe(Math.round(mrr));
  await shot(app, testInfo, 'dropped');
});
