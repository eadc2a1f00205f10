// Generated exports of every dataset kind (test/fixtures/generate.ts: Stripe, Chargebee, Zendesk,
// Freshdesk, HubSpot, Intercom style headers, and Persian, Thai, Chinese exports with their digits
// and calendars). Each file, opened alone, is mapped as its generator says a user would map it;
// a few KPIs are compared with values computed here from the generator's canonical records.
import { test, expect, openFiles, cardValue, shownNumber, shot } from './helpers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateExports, type GeneratedExport } from '../fixtures/generate';

const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-generated-'));
// Written when the spec loads (a few hundred KB), so every file gets a test named after it.
const generatedExports: GeneratedExport[] = await generateExports(dir, { seed: 11, rows: 150 });

async function generated(basename: RegExp): Promise<GeneratedExport> {
  const found = generatedExports.find((g) => basename.test(path.basename(g.file)));
  if (!found) throw new Error(`no generated export matches ${basename}`);
  return found;
}

/** The as-of date the KPI panel states ("As of 2024-12-31 · by Month"). */
async function shownAsOf(page: Page): Promise<string> {
  const header = page.getByText(/As of \d{4}-\d{2}-\d{2}/).first();
  await expect(header).toBeVisible();
  return /(\d{4}-\d{2}-\d{2})/.exec((await header.textContent()) ?? '')![1];
}

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.describe('generated exports', () => {
  for (const g of generatedExports) {
    test(`${path.basename(g.file)} (${g.dataset}) is mapped as its generator expects`, async ({ app }, testInfo) => {
      await openFiles(app, [g.file]);
      const panel = app.getByTestId('mapping-panel');
      // Imported (the row count shows); wide sheets are unpivoted, so rows need not match records.
      await expect(app.locator('.grid-wrap .grid-toolbar').first()).toContainText(/\d rows?/);
      await expect(panel.getByTestId('mapping-dataset'), `${path.basename(g.file)}: dataset`).toHaveValue(g.dataset);
      for (const [field, column] of Object.entries(g.mapping.fields)) {
        await expect(panel.getByTestId(`mapping-field-${field}`), `${path.basename(g.file)}: ${field}`).toHaveValue(column);
      }
      await shot(app, testInfo, path.basename(g.file).replace(/\.\w+$/, ''));
    });
  }

  test('Stripe subscriptions: MRR on the as-of date equals the records', async ({ app }, testInfo) => {
    const g = await generated(/^stripe_subscriptions/);
    await openFiles(app, [g.file]);
    const asOf = await shownAsOf(app);
    const active = g.records.filter((r) => String(r.start_date) <= asOf && (r.end_date === null || String(r.end_date) > asOf));
    const mrr = active.reduce((s, r) => s + Number(r.mrr), 0);
    expect(shownNumber(await cardValue(app, 'mrr'))).toBeCloseTo(mrr, mrr >= 100 ? 0 : 2);
    expect(shownNumber(await cardValue(app, 'active_customers'))).toBe(new Set(active.map((r) => r.customer_id)).size);
    await shot(app, testInfo, 'kpis');
  });

  test('Persian NPS survey: NPS of the current month equals the records', async ({ app }, testInfo) => {
    const g = await generated(/nps/i);
    await openFiles(app, [g.file]);
    const month = (await shownAsOf(app)).slice(0, 7);
    const scores = g.records.filter((r) => String(r.responded_at).startsWith(month) && typeof r.score === 'number').map((r) => Number(r.score));
    const valid = scores.filter((s) => Number.isInteger(s) && s >= 0 && s <= 10);
    const nps = (100 * (valid.filter((s) => s >= 9).length - valid.filter((s) => s <= 6).length)) / valid.length;
    expect(shownNumber(await cardValue(app, 'nps'))).toBeCloseTo(nps, 1);
    await shot(app, testInfo, 'kpis');
  });
});
