// The Predictive CLV tab in the real app: BG/NBD + Gamma-Gamma on the CDNOW 1/10 sample against
// the published estimates (Fader, Hardie & Lee 2005) and a holdout count taken from the file;
// sBG on the bundled sample subscriptions against a reference likelihood written here; sorting and
// exporting the per-customer table; the drill from a customer to its source rows.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openFiles, openSample, pickDate, shot, readCsv, DATASETS, SAMPLE } from './helpers';

const CDNOW = path.join(DATASETS, 'cdnow-sample.txt');

async function openClvTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /CLV/ }).click();
  await expect(page.getByTestId('clv-controls')).toBeVisible();
}

/** "r = 0.243 ± 0.012 · alpha = 4.414 ± …" → { r: 0.243, alpha: 4.414, … } */
async function shownParams(page: Page): Promise<Record<string, number>> {
  const text = (await page.getByTestId('clv-params').textContent()) ?? '';
  return Object.fromEntries([...text.matchAll(/(\w+) = (-?[\d.]+) ±/g)].map((m) => [m[1], Number(m[2])]));
}

/** The rows an AG Grid shows (top to bottom), by column id, pinned and scrolling parts merged. */
async function gridRows(page: Page, columns: string[], testId = 'clv-grid'): Promise<Array<Record<string, string>>> {
  const grid = page.getByTestId(testId);
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  return grid.locator('.ag-row').evaluateAll((rows, cols) => {
    const byIndex = new Map<number, Record<string, string>>();
    for (const r of rows) {
      const index = Number(r.getAttribute('row-index'));
      const cells = byIndex.get(index) ?? {};
      for (const c of cols) { const cell = r.querySelector(`[col-id="${c}"]`); if (cell) cells[c] = cell.textContent?.trim() ?? ''; }
      byIndex.set(index, cells);
    }
    return [...byIndex].sort((a, b) => a[0] - b[0]).map(([, cells]) => cells);
  }, columns);
}

async function download(page: Page, click: () => Promise<void>, file: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  await dl.saveAs(file);
  return file;
}

test.describe('BG/NBD on CDNOW 1/10', () => {
  test.skip(!existsSync(CDNOW), `${CDNOW} is not beside the checkout`);
  const lines = existsSync(CDNOW) ? readFileSync(CDNOW, 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/)) : [];

  test('fits the published parameters, shows the holdout check, sorts, exports and drills', async ({ app, consoleErrors }, testInfo) => {
    await openFiles(app, [CDNOW]);
    const panel = app.getByTestId('mapping-panel');
    await expect(panel).toBeVisible();
    if ((await panel.getByTestId('mapping-dataset').inputValue()) !== 'transactions') await panel.getByTestId('mapping-dataset').selectOption('transactions');
    await panel.getByTestId('mapping-field-customer_id').selectOption('Column 1');
    await panel.getByTestId('mapping-field-date').selectOption('Column 3');
    await panel.getByTestId('mapping-field-amount').selectOption('Column 5');

    await openClvTab(app);
    await app.getByTestId('clv-time-unit').selectOption('week');
    await pickDate(app, 'clv-calibration-end', '1997-09-30');
    await pickDate(app, 'clv-holdout-end', '1998-06-30');
    await expect(app.getByTestId('clv-card')).toContainText('calibration to 1997-09-30', { timeout: 60_000 });
    await expect(app.getByTestId('clv-holdout')).toBeVisible();

    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
    const p = await shownParams(app);
    expect(p.r).toBeCloseTo(0.243, 3);
    expect(p.alpha).toBeCloseTo(4.414, 2);
    expect(p.a).toBeCloseTo(0.793, 2);
    expect(p.b).toBeCloseTo(2.426, 2);
    await expect(app.getByTestId('clv-fit')).toContainText('-9582.4');
    await expect(app.getByTestId('clv-fit')).toContainText('converged');
    // Gamma-Gamma (Fader & Hardie 2013): p = 6.25, q = 3.74, v = 15.44
    const gg = Object.fromEntries([...((await app.getByTestId('clv-gamma-gamma').textContent()) ?? '').matchAll(/(\w) = ([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(gg.p).toBeCloseTo(6.25, 1);
    expect(gg.q).toBeCloseTo(3.74, 1);
    expect(gg.v).toBeCloseTo(15.44, 1);
    // Holdout repeat purchases counted from the file: distinct customer-days after the calibration end, to the holdout end.
    const holdoutDays = new Set(lines.filter((l) => l[2] > '19970930' && l[2] <= '19980630').map((l) => `${Number(l[0])}|${l[2]}`)).size;
    await expect(app.getByTestId('clv-holdout')).toContainText(`${holdoutDays} actual`);
    const customers = new Set(lines.map((l) => Number(l[0]))).size;
    await expect(app.getByTestId('clv-card')).toContainText(`on ${customers} customers`);
    await expect(app.getByRole('img', { name: /Holdout purchases per customer/ })).toBeVisible();
    await expect(app.getByTestId('clv-variants').locator('tbody tr')).toHaveCount(4);
    await shot(app, testInfo, 'bgnbd-card');

    // The P(alive) = 1 note beside customers without repeat purchases.
    const noRepeat = new Set<number>();
    const days = new Map<number, Set<string>>();
    for (const l of lines) if (l[2] <= '19970930') days.set(Number(l[0]), (days.get(Number(l[0])) ?? new Set()).add(l[2]));
    for (const [c, d] of days) if (d.size === 1) noRepeat.add(c);
    await expect(app.getByTestId('clv-no-repeat')).toContainText(`${noRepeat.size} customers without repeat purchases have P(alive) = 1`);

    // Sorted by CLV (descending) at first; then by repeat purchases, ascending: the notes come first.
    const cols = ['customer_id', 'frequency', 'p_alive', 'clv', 'note'];
    await app.getByTestId('clv-grid').scrollIntoViewIfNeeded();
    const byClv = await gridRows(app, cols);
    const clvs = byClv.map((r) => Number(r.clv.replace(/,/g, '')));
    expect(clvs).toEqual([...clvs].sort((x, y) => y - x));
    await app.getByTestId('clv-grid').locator('.ag-header-cell[col-id="frequency"] .ag-header-cell-label').click();
    await expect.poll(async () => (await gridRows(app, cols))[0].frequency).toBe('0');
    const first = (await gridRows(app, cols))[0];
    expect(first.p_alive).toBe('1.000 †');
    expect(first.note).toMatch(/P\(alive\) = 1 by construction/);
    await shot(app, testInfo, 'bgnbd-sorted');

    // The export holds every customer in the grid's order, with the same figures.
    const file = await download(app, () => app.getByTestId('clv-export-csv').click(), testInfo.outputPath('clv.csv'));
    const exported = readCsv(file);
    expect(exported).toHaveLength(customers);
    expect(exported.map((r) => Number(r.Frequency))).toEqual(exported.map((r) => Number(r.Frequency)).sort((x, y) => x - y));
    expect(exported[0].Customer).toBe(first.customer_id);
    expect(exported.filter((r) => r.Frequency === '0').every((r) => r['P(alive)'] === '1' && /by construction/.test(r.Note))).toBe(true);

    // Drill to the top customer by CLV: its transactions, as many as the file has.
    // A header click sorts ascending, the second one descending.
    const clvHeader = app.getByTestId('clv-grid').locator('.ag-header-cell[col-id="clv"] .ag-header-cell-label');
    await clvHeader.click();
    await expect(app.getByTestId('clv-grid').locator('.ag-header-cell[col-id="clv"]')).toHaveAttribute('aria-sort', 'ascending');
    await clvHeader.click();
    await expect.poll(async () => (await gridRows(app, cols))[0].customer_id).toBe(byClv[0].customer_id);
    const top = byClv[0].customer_id;
    await app.getByTestId('clv-grid').locator('.ag-row[row-index="0"]').getByTestId('clv-show-rows').first().click();
    const own = lines.filter((l) => Number(l[0]) === Number(top)).length;
    await expect(app.locator('.restriction-bar')).toContainText(`Showing ${own} rows: rows of customer ${top}`);
    await expect.poll(async () => (await gridRows(app, ['__row'], 'grid')).length).toBe(own);
    await shot(app, testInfo, 'bgnbd-drill');
    // Back in the CLV tab: the same controls and fit.
    await app.getByRole('tab', { name: /CLV/ }).click();
    await expect(app.getByTestId('clv-calibration-end')).toHaveAttribute('data-value', '1997-09-30');
    await expect(app.getByTestId('clv-holdout')).toContainText(`${holdoutDays} actual`);
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('sBG on the sample subscriptions', () => {
  const MONTH = 365.25 / 12;
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  /** Each customer's renewals and whether it left, as of the last start date (the engine's default). */
  function lifetimes(): Array<{ renewals: number; churned: boolean }> {
    const rows = readCsv(path.join(SAMPLE, 'subscriptions.csv'));
    const asOf = Math.max(...rows.map((r) => day(r.start_date)));
    const byCustomer = new Map<string, typeof rows>();
    for (const r of rows) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);
    return [...byCustomer.values()].map((rs) => {
      const start = Math.min(...rs.map((r) => day(r.start_date)));
      const active = rs.some((r) => !r.end_date || day(r.end_date) > asOf);
      const end = active ? asOf : Math.max(...rs.map((r) => day(r.end_date)));
      return { renewals: Math.floor((end - start) / MONTH), churned: !active };
    });
  }
  /** sBG log-likelihood by the survival recursion S(t) = S(t−1)·(β+t−1)/(α+β+t−1) (Fader & Hardie 2007, eq. 7). */
  function logLikelihood(ls: Array<{ renewals: number; churned: boolean }>, alpha: number, beta: number): number {
    const max = Math.max(...ls.map((l) => l.renewals)) + 2;
    const s = [1];
    for (let t = 1; t <= max; t++) s.push(s[t - 1] * (beta + t - 1) / (alpha + beta + t - 1));
    return ls.reduce((sum, l) => sum + Math.log(l.churned ? s[l.renewals] - s[l.renewals + 1] : s[l.renewals]), 0);
  }

  test('fits α and β at the likelihood maximum, draws retention against survival, drills to a customer', async ({ app, consoleErrors }, testInfo) => {
    await openSample(app);
    await expect(app.getByTestId('mapping-panel')).toBeVisible();
    await openClvTab(app);
    // The sample has no transactions: sBG is the model offered.
    await expect(app.getByTestId('clv-model')).toHaveValue('sbg');
    await expect(app.getByTestId('clv-card')).toContainText('sBG on', { timeout: 60_000 });
    const ls = lifetimes();
    await expect(app.getByTestId('clv-card')).toContainText(`sBG on ${ls.length} subscription customers`);
    const { alpha, beta } = await shownParams(app);
    const ll = logLikelihood(ls, alpha, beta);
    const shownLl = Number(/Log-likelihood: (-?[\d.]+)/.exec((await app.getByTestId('clv-fit').textContent()) ?? '')![1]);
    expect(Math.abs(shownLl - ll)).toBeLessThan(0.1);
    // A maximum: moving either parameter by 5 % lowers the reference likelihood.
    for (const [a, b] of [[alpha * 1.05, beta], [alpha * 0.95, beta], [alpha, beta * 1.05], [alpha, beta * 0.95]]) expect(logLikelihood(ls, a, b)).toBeLessThan(ll);
    await expect(app.getByTestId('clv-fit')).toContainText('converged');
    await expect(app.getByRole('img', { name: /Projected retention/ })).toBeVisible();
    await expect(app.getByTestId('clv-segments')).toContainText('All customers');
    // The pooled segment counts every customer and the active ones.
    const active = ls.filter((l) => !l.churned).length;
    await expect(app.getByTestId('clv-segments').locator('tbody tr').first()).toContainText(new RegExp(`All customers\\s*${ls.length}.*converged\\s*${active}`));
    await shot(app, testInfo, 'sbg-card');

    await app.getByTestId('clv-segment-by').selectOption('cohort');
    await expect(app.getByTestId('clv-segments')).toContainText('2023');
    await app.getByTestId('clv-period').selectOption('quarter');
    await expect(app.getByTestId('clv-card')).toContainText('renewal period quarter');
    await shot(app, testInfo, 'sbg-cohorts');

    // Drill to the customer with the highest CLV: its subscription rows.
    const cols = ['customer_id', 'clv'];
    await app.getByTestId('clv-grid').scrollIntoViewIfNeeded();
    const top = (await gridRows(app, cols))[0].customer_id;
    await app.getByTestId('clv-grid').locator('.ag-row[row-index="0"]').getByTestId('clv-show-rows').first().click();
    const own = readCsv(path.join(SAMPLE, 'subscriptions.csv')).filter((r) => r.customer_id === top).length;
    await expect(app.locator('.restriction-bar')).toContainText(`rows of customer ${top}`);
    await expect.poll(async () => (await gridRows(app, ['__row'], 'grid')).length).toBe(own);
    await shot(app, testInfo, 'sbg-drill');
    // In Persian the tab mirrors (right to left) with the same figures.
    await app.getByTestId('language-menu').selectOption('fa');
    await app.getByRole('tab').nth(2).click();
    await expect(app.getByTestId('clv-params')).toContainText(`alpha = `);
    await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
    await shot(app, testInfo, 'sbg-fa');
    await app.getByTestId('theme-toggle').click();
    await app.getByRole('img').first().scrollIntoViewIfNeeded();
    await shot(app, testInfo, 'sbg-fa-dark');
    expect(consoleErrors).toEqual([]);
  });
});
