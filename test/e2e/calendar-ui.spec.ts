// Dates and events in the UI's language and calendar. A date picker with no value yet (the CLV
// holdout end) is the same day/month/year boxes as one with a value — never the browser's
// <input type="date"> (Gregorian, mm/dd/yyyy) — with the calendar's month names, a year hint in the
// calendar's numbering and the UI's digits, and a button to clear it; in Persian (Jalali), Thai
// (Buddhist) and Traditional Chinese (ROC). Event labels on the trend charts (long ones, two in one
// month, Persian and Han labels) stay inside the chart, left to right and mirrored, and their
// tooltips have them whole. Month names are written out here, not taken from Intl.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { test, expect, openFiles, openSample, shot, ROOT } from './helpers';

/** A close-up beside the page's screenshot: test/e2e/screenshots/calendar-ui-<test>-<step>-close.png */
async function closeUp(part: Locator, testInfo: TestInfo, step: string): Promise<void> {
  const dir = path.join(ROOT, 'test', 'e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const slug = `calendar-ui-${testInfo.title}-${step}-close`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  await part.screenshot({ path: path.join(dir, `${slug}.png`) });
}

const PERSIAN_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const HAN_MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

/** A small purchases file (every date in 2024: 1403 in the Persian calendar, 2567 Buddhist, 113 ROC) on the CLV tab. */
async function openClvWithPurchases(page: Page, testInfo: TestInfo): Promise<void> {
  const rows = ['customer_id,order_date,amount'];
  for (let c = 1; c <= 12; c++) for (let k = 0; k < 1 + (c % 4); k++) rows.push(`C${c},2024-${String(6 + ((c + k * 2) % 6)).padStart(2, '0')}-${String(1 + ((c * 7 + k * 5) % 27)).padStart(2, '0')},${10 + c * 3 + k}`);
  const file = testInfo.outputPath('purchases.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  await openFiles(page, [file]);
  const panel = page.getByTestId('mapping-panel');
  await expect(panel).toBeVisible();
  if ((await panel.getByTestId('mapping-dataset').inputValue()) !== 'transactions') await panel.getByTestId('mapping-dataset').selectOption('transactions');
  for (const [field, column] of [['customer_id', 'customer_id'], ['date', 'order_date'], ['amount', 'amount']] as const) {
    const select = panel.getByTestId(`mapping-field-${field}`);
    if ((await select.inputValue()) !== column) await select.selectOption(column);
  }
  await page.locator('#tab-clv').click();
  await expect(page.getByTestId('clv-controls')).toBeVisible();
}

/** The holdout end picker, empty: three boxes in the calendar, no native date input anywhere. */
async function expectEmptyPicker(page: Page, opts: { months: string[]; day: string; month: string; year: RegExp }): Promise<void> {
  const picker = page.getByTestId('clv-holdout-end');
  await expect(picker).toHaveAttribute('data-value', '');
  await expect(page.locator('input[type="date"]')).toHaveCount(0);
  await expect(page.getByTestId('clv-holdout-end-day').locator('option:checked')).toHaveText(opts.day);
  const month = page.getByTestId('clv-holdout-end-month');
  await expect(month.locator('option:checked')).toHaveText(opts.month);
  expect(await month.locator('option:not([disabled])').allTextContents()).toEqual(opts.months);
  const year = page.getByTestId('clv-holdout-end-year');
  await expect(year).toHaveValue('');
  await expect(year).toHaveAttribute('placeholder', opts.year);
  await expect(page.getByTestId('clv-holdout-end-clear')).toHaveCount(0);
}

/** Chooses year, month and day in the picker; returns to empty with its clear button. */
async function pickAndClear(page: Page, y: string, m: number, d: number, iso: string, testInfo: TestInfo, step: string): Promise<void> {
  const picker = page.getByTestId('clv-holdout-end');
  const year = page.getByTestId('clv-holdout-end-year');
  await year.fill(y);
  await year.press('Enter');
  // Part of a date is not a date yet.
  await expect(picker).toHaveAttribute('data-value', '');
  await page.getByTestId('clv-holdout-end-month').selectOption(String(m));
  await expect(picker).toHaveAttribute('data-value', '');
  await page.getByTestId('clv-holdout-end-day').selectOption(String(d));
  await expect(picker).toHaveAttribute('data-value', iso);
  await shot(page, testInfo, `${step}-picked`);
  await closeUp(page.getByTestId('clv-controls'), testInfo, `${step}-picked`);
  await page.getByTestId('clv-holdout-end-clear').click();
  await expect(picker).toHaveAttribute('data-value', '');
  await expect(year).toHaveValue('');
  await expect(page.locator('input[type="date"]')).toHaveCount(0);
}

test.describe('Persian', () => {
  test.use({ locale: 'fa-IR' });

  test('fa-IR, Persian calendar: an empty date picker is the Jalali day, month and year, in Persian digits', async ({ app: page }, testInfo) => {
    await openClvWithPurchases(page, testInfo);
    await page.getByTestId('control-calendar').selectOption('persian');
    await expectEmptyPicker(page, { months: PERSIAN_MONTHS, day: 'روز', month: 'ماه', year: /^۱۴۰۳$/ });
    await shot(page, testInfo, 'fa-empty-picker');
    await closeUp(page.getByTestId('clv-controls'), testInfo, 'fa-empty-picker');
    // 10 Dey 1403 is 2024-12-30; the year typed in Persian digits.
    await pickAndClear(page, '۱۴۰۳', 10, 10, '2024-12-30', testInfo, 'fa');
  });

  test('fa-IR: event labels stay inside the mirrored charts, whole in their tooltips', async ({ app: page }, testInfo) => {
    await expectEventLabelsInside(page, testInfo, 'fa');
  });
});

test.describe('Thai', () => {
  test.use({ locale: 'th-TH' });

  test('th-TH, Buddhist calendar: an empty date picker has the Thai month names and a Buddhist year hint', async ({ app: page }, testInfo) => {
    await openClvWithPurchases(page, testInfo);
    await page.getByTestId('control-calendar').selectOption('buddhist');
    await expectEmptyPicker(page, { months: THAI_MONTHS, day: 'วัน', month: 'เดือน', year: /^2567$/ });
    await shot(page, testInfo, 'th-empty-picker');
    await closeUp(page.getByTestId('clv-controls'), testInfo, 'th-empty-picker');
    await pickAndClear(page, '2567', 12, 30, '2024-12-30', testInfo, 'th');
  });
});

test.describe('Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });

  test('zh-TW, ROC calendar: an empty date picker has a Minguo year hint', async ({ app: page }, testInfo) => {
    await openClvWithPurchases(page, testInfo);
    await page.getByTestId('control-calendar').selectOption('roc');
    await expectEmptyPicker(page, { months: HAN_MONTHS, day: '日', month: '月', year: /^113$/ });
    await shot(page, testInfo, 'zh-hant-empty-picker');
    await closeUp(page.getByTestId('clv-controls'), testInfo, 'zh-hant-empty-picker');
    await pickAndClear(page, '113', 12, 30, '2024-12-30', testInfo, 'zh-hant');
  });

  test('zh-TW: event labels stay inside the charts, whole in their tooltips', async ({ app: page }, testInfo) => {
    await expectEventLabelsInside(page, testInfo, 'zh-hant');
  });
});

test.describe('English', () => {
  test('event labels stay inside the charts, whole in their tooltips', async ({ app: page }, testInfo) => {
    await expectEventLabelsInside(page, testInfo, 'en');
  });
});

const LONG = 'Pricing page redesign with the new annual plans and a longer free trial for every team';
const EXTRA_EVENTS = [
  ['2024-05-03', LONG],
  ['2024-05-20', 'کمپین تخفیف نوروز برای همه مشتریان سازمانی'],
  ['2023-03-10', '年度大會：新產品線發表與合作夥伴計畫，全體同仁參加'],
];

/** The sample with more events: every event label's box within its chart, below the top edge. */
async function expectEventLabelsInside(page: Page, testInfo: TestInfo, step: string): Promise<void> {
  await openSample(page);
  const file = testInfo.outputPath('more_events.csv');
  writeFileSync(file, `date,label\n${EXTRA_EVENTS.map((e) => e.join(',')).join('\n')}\n`);
  await openFiles(page, [file]);
  await page.locator('#tab-charts').click();
  const charts = page.locator('.chart-card .echart').filter({ has: page.locator('svg') });
  const trend = charts.first();
  // 2024-05 has two events: one line, the two counted, the long one cut.
  await expect(trend.locator('svg text').filter({ hasText: /^[2۲] · Pricing page/ })).toHaveCount(1);
  for (const chart of [trend, charts.nth(1)]) {
    // Measured until the labels have come in (ECharts animates them): what is outside, by label.
    const outside = async () => {
      const found = await chart.evaluate((el, prefixes) => {
        const box = el.getBoundingClientRect();
        return [...el.querySelectorAll('text')]
          .filter((t) => prefixes.some((p) => (t.textContent ?? '').replace(/^[\d۰-۹]+ · /, '').startsWith(p)))
          .map((t) => { const b = t.getBoundingClientRect(); return { text: t.textContent ?? '', top: b.top - box.top, bottom: box.bottom - b.bottom, left: b.left - box.left, right: box.right - b.right }; });
      }, ['Price change', 'Launch', 'Outage', 'New onboarding', 'Pricing page', '年度大會']);
      // The sample's four events and the file's two months; the long label cut with an ellipsis.
      const out = found.length === 6 ? [] : [`${found.length} labels`];
      if (!found.some((f) => /^[2۲] · Pricing page.*…$/.test(f.text))) out.push('no cut label of 2024-05');
      for (const f of found) {
        // Below the chart's top edge with room to spare, above its bottom, within its sides.
        if (f.top < 4 || f.bottom < 0 || f.left < 0 || f.right < 0) out.push(`${f.text}: ${JSON.stringify(f)}`);
      }
      return out;
    };
    await expect.poll(outside, { timeout: 15_000 }).toEqual([]);
  }
  await trend.scrollIntoViewIfNeeded();
  await shot(page, testInfo, `${step}-event-labels`);
  await closeUp(page.locator('.chart-card').first(), testInfo, `${step}-event-labels`);
  // The tooltip of the cut label has both events of the month, whole, within the chart.
  await trend.locator('svg text').filter({ hasText: /Pricing page/ }).hover();
  await expect(trend.getByText(LONG)).toBeVisible();
  await expect(trend.getByText(EXTRA_EVENTS[1]![1]!)).toBeVisible();
  const tip = (await trend.getByText(LONG).boundingBox())!;
  const chartBox = (await trend.boundingBox())!;
  expect(tip.x).toBeGreaterThanOrEqual(chartBox.x);
  expect(tip.x + tip.width).toBeLessThanOrEqual(chartBox.x + chartBox.width + 1);
  await shot(page, testInfo, `${step}-event-tooltip`);
  await closeUp(page.locator('.chart-card').first(), testInfo, `${step}-event-tooltip`);
}
