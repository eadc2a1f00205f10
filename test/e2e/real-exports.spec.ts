// The real exports in ../shared/datasets, opened through the file input as a user would:
// row counts, suggested mappings, KPI values against values computed here from the same file,
// sorting and filtering the grid.
//
// Renderer test ids used: open-file-input, grid, mapping-panel, mapping-dataset,
// mapping-field-<field>, kpi-card-<id>, kpi-value. Classes: .grid-wrap (row count), .table-button.
import { test, expect, openFiles, card, cardValue, shownNumber, shot, DATASETS } from './helpers';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

const TELCO = path.join(DATASETS, 'telco-customer-churn.csv');
const RETAIL = path.join(DATASETS, 'online-retail-40k.xlsx');
const CDNOW = path.join(DATASETS, 'cdnow-sample.txt');

/** The grid toolbar's row count ("7,043 rows"). */
async function expectGridRows(page: import('@playwright/test').Page, n: number): Promise<void> {
  await expect(page.locator('.grid-wrap .grid-toolbar').first()).toContainText(new RegExp(`(?<![\\d,])${n.toLocaleString('en-US')} rows?`));
}

test.describe('telco customer churn (CSV)', () => {
  const lines = readFileSync(TELCO, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (name: string) => header.indexOf(name);

  test('imports every row, maps what it can and says what is missing', async ({ app }, testInfo) => {
    await openFiles(app, [TELCO]);
    await expectGridRows(app, rows.length);
    await expect(app.getByTestId('mapping-panel')).toContainText('telco');
    await shot(app, testInfo, 'opened');
    // No dates in this export: revenue metrics cannot be computed, and the card says what to map.
    const mrr = card(app, 'mrr');
    await expect(mrr).toBeVisible();
    await expect(mrr).toHaveAttribute('data-status', /missing_inputs|not_applicable/);
    await expect(mrr).toContainText(/Map .+ to compute this|Still needed|not applicable/i);
  });

  test('sorts and filters the grid, pushed down to the engine', async ({ app }, testInfo) => {
    await openFiles(app, [TELCO]);
    await expectGridRows(app, rows.length);
    const grid = app.getByTestId('grid');

    // Sort by tenure: ascending then descending; the first row holds the minimum / maximum.
    const tenures = rows.map((r) => Number(r[col('tenure')]));
    const tenureHeader = grid.locator('.ag-header-cell', { hasText: 'tenure' }).first();
    const colId = await tenureHeader.getAttribute('col-id');
    const firstTenure = () => grid.locator(`.ag-row[row-index="0"] .ag-cell[col-id="${colId}"]`).first();
    await tenureHeader.locator('.ag-header-cell-label, .grid-header-name').first().click();
    await expect(firstTenure()).toHaveText(String(Math.min(...tenures)));
    await tenureHeader.locator('.ag-header-cell-label, .grid-header-name').first().click();
    await expect(firstTenure()).toHaveText(String(Math.max(...tenures)));
    await shot(app, testInfo, 'sorted-desc');

    // Filter tenure equals 72 (the longest-standing customers): the row count is theirs.
    const longest = tenures.filter((t) => t === 72).length;
    await tenureHeader.locator('.ag-header-cell-filter-button, .ag-header-cell-menu-button').first().click();
    const filterInput = app.locator('.ag-filter .ag-filter-body input').first();
    await filterInput.fill('72');
    await expectGridRows(app, longest);
    await shot(app, testInfo, 'filtered');
  });
});

test.describe('online retail (XLSX) as transactions', () => {
  test('suggests the transactions mapping and computes purchase KPIs', async ({ app }, testInfo) => {
    test.setTimeout(240_000);
    await openFiles(app, [RETAIL]);
    await expectGridRows(app, 40_000);
    const panel = app.getByTestId('mapping-panel');
    await expect(panel.getByTestId('mapping-dataset')).toHaveValue('transactions');
    await expect(panel.getByTestId('mapping-field-customer_id')).toHaveValue('CustomerID');
    await expect(panel.getByTestId('mapping-field-date')).toHaveValue('InvoiceDate');
    await expect(panel.getByTestId('mapping-field-order_id')).toHaveValue('InvoiceNo');
    // amount is the product Quantity × UnitPrice (no total column in this export).
    await expect(panel).toContainText(/Quantity.*UnitPrice/);
    await shot(app, testInfo, 'mapped');

    // Independent reference: the current period is the month of the latest invoice (2011-12).
    // Average purchase value = value of the month's purchases ÷ orders, over lines with a customer
    // id (the required field). Cancellations (InvoiceNo "C…") and negative quantities are returns:
    // neither purchases nor orders (they reduce revenue per customer instead).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(RETAIL);
    const ws = wb.worksheets[0];
    const names = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const at = (n: string) => names.indexOf(n);
    type Line = { invoice: string; date: Date; quantity: number; amount: number; customer: string };
    const lines: Line[] = [];
    ws.eachRow((row, i) => {
      if (i === 1) return;
      const v = row.values as unknown[];
      lines.push({ invoice: String(v[at('InvoiceNo')]), date: v[at('InvoiceDate')] as Date, quantity: Number(v[at('Quantity')]), amount: Number(v[at('Quantity')]) * Number(v[at('UnitPrice')]), customer: String(v[at('CustomerID')] ?? '') });
    });
    const latest = new Date(Math.max(...lines.map((l) => l.date.getTime())));
    const month = latest.toISOString().slice(0, 7);
    const inMonth = lines.filter((l) => l.customer && l.date.toISOString().startsWith(month));
    const isReturn = (l: Line) => l.invoice.startsWith('C') || l.quantity < 0;
    const purchases = inMonth.filter((l) => !isReturn(l));
    const orders = new Set(purchases.map((l) => l.invoice)).size;
    const revenue = purchases.reduce((s, l) => s + l.amount, 0);
    const shown = shownNumber(await cardValue(app, 'avg_purchase_value'));
    expect(shown).toBeCloseTo(revenue / orders, revenue / orders >= 100 ? 0 : 2);
    // Revenue per customer: revenue net of returns ÷ customers with a purchase in the month.
    const net = inMonth.reduce((s, l) => s + l.amount, 0);
    const buyers = new Set(purchases.map((l) => l.customer)).size;
    const perCustomer = shownNumber(await cardValue(app, 'revenue_per_customer'));
    expect(perCustomer).toBeCloseTo(net / buyers, net / buyers >= 100 ? 0 : 2);
  });
});

test.describe('CDNOW (whitespace-separated text without a header)', () => {
  const rows = readFileSync(CDNOW, 'utf8').trim().split(/\r?\n/).map((l) => l.trim().split(/\s+/));

  test('is read with generated column names, mapped by hand, and gives purchase KPIs', async ({ app }, testInfo) => {
    await openFiles(app, [CDNOW]);
    await expectGridRows(app, rows.length);
    const panel = app.getByTestId('mapping-panel');
    await expect(panel).toBeVisible();
    await shot(app, testInfo, 'opened');
    // Map it as a user would when the suggestion is not confident: dataset, then the fields.
    if ((await panel.getByTestId('mapping-dataset').inputValue()) !== 'transactions') {
      await panel.getByTestId('mapping-dataset').selectOption('transactions');
    }
    // No header row: the columns are named "Column 1" … "Column 5".
    await panel.getByTestId('mapping-field-customer_id').selectOption('Column 1');
    await panel.getByTestId('mapping-field-date').selectOption('Column 3');
    await panel.getByTestId('mapping-field-amount').selectOption('Column 5');
    await shot(app, testInfo, 'mapped');

    // Reference: purchases (rows) in the month of the latest purchase, dollars ÷ purchases.
    const latest = rows.map((r) => r[2]).sort().at(-1)!;
    const month = latest.slice(0, 6);
    const inMonth = rows.filter((r) => r[2].startsWith(month));
    const expected = inMonth.reduce((s, r) => s + Number(r[4]), 0) / inMonth.length;
    await expect.poll(async () => shownNumber(await cardValue(app, 'avg_purchase_value')), { timeout: 60_000 }).toBeCloseTo(expected, 2);
  });
});
