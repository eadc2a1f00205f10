// The pseudo-locale run: with ?pseudo every English resource string reads ⟦Ŝéé ţĥîš⟧, so any plain
// English word left on a main screen is a string that does not come from the resource files.
// Data (grid cells, file, table, column and segment names), SQL and the engine's benchmark and note
// texts (data-engine-text: not translated yet) are not UI strings and are left out; a metric's formula
// comes from the resource files (formula.<id>), its values and ids in <bdi>.
import type { Page } from '@playwright/test';
import { test, expect, openSample, card, shot } from './helpers';

const DATA = [
  '.ag-cell', '.ag-header-cell-text', '.grid-header-name', '.header-name', '.table-name', '.source-name', '.grid-title',
  'pre', 'code', 'option', '[data-engine-text]', '.seg .truncate', '.kpi-segments', 'bdi', 'svg', 'script', 'style',
  '.language-menu', '.echarts-for-react', '[data-user-text]', 'kbd', '.mapping-table-name',
].join(', ');

async function leaks(page: Page): Promise<string[]> {
  return page.evaluate((dataSelector) => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!el || !/[A-Za-z]{2,}/.test(text) || el.closest(dataSelector)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      // Every run of Latin letters must sit inside a ⟦…⟧ of the pseudo-locale.
      const outside = text.replace(/⟦[^⟧]*⟧/g, '');
      if (/[A-Za-z]{2,}/.test(outside)) out.add(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${text.slice(0, 80)}`);
    }
    return [...out];
  }, DATA);
}

test('every visible UI string comes from the resource files', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(`${process.env.KPIW_BASE_URL}?pseudo`);
  const found = new Set<string>();
  const collect = async (screen: string) => { for (const l of await leaks(page)) found.add(`${screen} → ${l}`); };
  await collect('empty');
  await openSample(page);
  await expect(card(page, 'customer_churn_rate').getByTestId('kpi-value')).toHaveText(/\d/);
  await expect(page.getByTestId('grid').locator('.ag-row').first()).toBeVisible();
  await collect('sample');
  await shot(page, testInfo, 'sample');
  await card(page, 'customer_churn_rate').locator('button.info').click();
  await collect('popover');
  await page.keyboard.press('Escape');
  for (const tab of ['charts', 'clv', 'reconcile']) {
    await page.locator(`#tab-${tab}`).click();
    await expect(page.locator(`#tabpanel-${tab}`)).toBeVisible();
    await page.waitForTimeout(500);
    await collect(tab);
  }
  await page.locator('#tab-data').click();
  await page.getByTestId('view-menu').selectOption('support');
  await collect('view');
  await page.getByTestId('workspace-menu').click();
  await collect('workspace-menu');
  await page.getByTestId('export-report').click();
  await expect(page.getByTestId('report-dialog')).toBeVisible();
  await collect('report-dialog');
  expect([...found]).toEqual([]);
});
