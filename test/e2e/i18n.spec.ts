// The UI in Persian, Thai and Chinese: a browser set to fa-IR, th-TH, zh-TW or zh-CN gets that
// language (lang and dir on <html>); KPI cards, the formula popover, the calendar of the language's
// guides (Buddhist for Thai, ROC for Traditional Chinese) and the report export work in it. Expected
// texts are the resource strings; dates in a calendar are computed here from the Gregorian as-of
// date with the calendars' fixed year offsets and month names written out.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, openSample, openFiles, card, shot, ROOT } from './helpers';
import type enJson from '../../src/shared/i18n/en.json';

type Resources = typeof enJson & { period: { quarterOf: string } };
const resource = (language: string): Resources => JSON.parse(readFileSync(path.join(ROOT, 'src', 'shared', 'i18n', `${language}.json`), 'utf8')) as Resources;
const th = resource('th');
const zhHant = resource('zh-Hant');
const zhHans = resource('zh-Hans');

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

/** The as-of date of the KPI header (its ISO date), with the header's text while the calendar is Gregorian. */
async function gregorianAsOf(page: Page): Promise<{ y: number; m: number; d: number; text: string }> {
  const header = page.getByTestId('kpi-asof');
  await expect(header).toHaveAttribute('data-as-of', /^\d{4}-\d{2}-\d{2}$/);
  const [, y, m, d] = /(\d{4})-(\d{2})-(\d{2})/.exec((await header.getAttribute('data-as-of')) ?? '')!;
  return { y: +y!, m: +m!, d: +d!, text: (await header.textContent()) ?? '' };
}

async function exportReport(page: Page, testInfo: TestInfo, language: string): Promise<ExcelJS.Workbook> {
  await page.getByTestId('workspace-menu').click();
  await page.getByTestId('export-report').click();
  await expect(page.getByTestId('report-dialog')).toBeVisible();
  await expect(page.getByTestId('report-language')).toHaveValue(language);
  await shot(page, testInfo, 'report-dialog');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report-confirm').click()]);
  const file = testInfo.outputPath('report.xlsx');
  await dl.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

test.describe('Persian', () => {
  test.use({ locale: 'fa-IR' });

  test('fa-IR browser: Persian, right-to-left, language menu remembered', async ({ app: page }, testInfo) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: 'خروجی‌های خود را باز کنید تا شاخص‌ها را ببینید' })).toBeVisible();
    await shot(page, testInfo, 'fa-empty');
    await openSample(page);
    await expect(card(page, 'customer_churn_rate')).toContainText('نرخ ریزش مشتری');
    // The Gregorian date in Persian words and digits, isolated inside the right-to-left header.
    const header = page.getByTestId('kpi-asof');
    await expect(header).toHaveAttribute('data-as-of', '2024-12-31');
    await expect(header).toHaveText(/\u2068۳۱ دسامبر ۲۰۲۴\u2069/);
    await shot(page, testInfo, 'fa-sample');
    // The sample's latest day, 2024-12-31, is 11 Dey 1403 (1 Dey 1403 was 21 December 2024).
    await page.getByTestId('control-calendar').selectOption('persian');
    await expect(header).toContainText('۱۱ دی ۱۴۰۳');
    await expect(page.getByTestId('control-asof-month').locator('option:checked')).toHaveText('دی');
    await card(page, 'mrr').locator('.kpi-drill').click();
    await expect(page.getByTestId('drill-bar')).toContainText('دی ۱۴۰۳');
    await shot(page, testInfo, 'fa-persian');
    // The year box speaks the UI's digits too, and takes Persian digits typed in it.
    const year = page.getByTestId('control-asof-year');
    await expect(year).toHaveValue('۱۴۰۳');
    await year.fill('۱۴۰۲');
    await expect(header).toContainText('۱۱ دی ۱۴۰۲');
    await year.press('ArrowUp');
    await expect(header).toContainText('۱۱ دی ۱۴۰۳');
    // The FCR formula in Persian, from the resource file: its field ids in <bdi>, its digits Persian.
    await card(page, 'fcr_rate').locator('button.info').click();
    const formula = page.getByTestId('formula-text');
    await expect(formula).toContainText('درخواست‌های ثبت‌شده در دوره که در اولین تماس حل شده‌اند');
    await expect(formula).toContainText('≤ ۱');
    await expect(formula.locator('bdi', { hasText: 'first_contact_resolved' })).toHaveCount(1);
    await shot(page, testInfo, 'fa-formula');
    await page.keyboard.press('Escape');
    await page.getByTestId('control-calendar').selectOption('gregorian');
    await page.getByTestId('language-menu').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('Persian refusals and charts', () => {
  test.use({ locale: 'fa-IR' });

  test('fa-IR: files the engine refuses are explained in Persian, the file name isolated', async ({ app: page }, testInfo) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-e2e-fa-'));
    const pdf = path.join(dir, 'گزارش.pdf');
    writeFileSync(pdf, '%PDF-1.4\n');
    const empty = path.join(dir, 'خالی.csv');
    writeFileSync(empty, '');
    await openFiles(page, [pdf, empty]);
    const alerts = page.getByRole('alert');
    await expect(alerts.filter({ hasText: 'قالب ناشناخته — این فایل سند PDF است' }).first()).toBeVisible();
    await expect(alerts.filter({ hasText: 'فایل خالی است' }).first()).toBeVisible();
    await expect(alerts.locator('bdi', { hasText: 'گزارش.pdf' }).first()).toBeVisible();
    await expect(alerts.filter({ hasText: /unknown format|the file is empty/ })).toHaveCount(0);
    await shot(page, testInfo, 'fa-refused-files');
  });

  test('fa-IR: charts read right to left — the first month at the right, the value axis at the right', async ({ app: page }, testInfo) => {
    await openSample(page);
    const fa = resource('fa') as unknown as { tabs: { charts: string }; chart: { mrrTrend: string } };
    await page.getByRole('tab', { name: fa.tabs.charts }).click();
    const trend = page.getByRole('region', { name: fa.chart.mrrTrend });
    await expect(trend.locator('svg text').first()).toBeVisible();
    // Month labels of the x axis (Persian month names of the Gregorian calendar: ژانویه …): the earliest is right of the latest.
    const labels = await trend.locator('svg text').evaluateAll((nodes) => nodes.map((n) => ({ text: n.textContent ?? '', x: (n as SVGGraphicsElement).getBoundingClientRect().x, y: (n as SVGGraphicsElement).getBoundingClientRect().y })));
    const bottom = Math.max(...labels.map((l) => l.y));
    const axis = labels.filter((l) => l.y > bottom - 4 && /۲۰۲/.test(l.text));
    expect(axis.length).toBeGreaterThan(2);
    const box = (await trend.boundingBox())!;
    expect(axis[0]!.x).toBeGreaterThan(axis[axis.length - 1]!.x);
    // The value axis' numbers stand in the right part of the chart.
    const values = labels.filter((l) => /^[۰-۹٬,.]+$/.test(l.text.trim()) && l.y < bottom - 4);
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(v.x).toBeGreaterThan(box.x + box.width / 2);
    await shot(page, testInfo, 'fa-charts-rtl');
  });
});

test.describe('Thai', () => {
  test.use({ locale: 'th-TH' });

  test('th-TH browser: Thai cards, formula, Buddhist calendar, drill banner, Thai report', async ({ app: page }, testInfo) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'th');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: th.empty.title })).toBeVisible();
    await expect(page.getByTestId('language-menu').locator('option:checked')).toHaveText('ไทย');
    await shot(page, testInfo, 'empty');
    await openSample(page);
    await expect(card(page, 'customer_churn_rate')).toContainText(th.metric.customer_churn_rate);
    await expect(card(page, 'mrr')).toContainText(th.metric.mrr);
    await expect(card(page, 'nps')).toContainText(th.metric.nps);
    const g = await gregorianAsOf(page);
    // The Gregorian date in Thai words (ค.ศ.: not the Buddhist year Thai readers assume otherwise).
    expect(g.text).toContain(`${g.d} ${THAI_MONTHS[g.m - 1]} ค.ศ. ${g.y}`);
    // The as-of picker names the Gregorian month in Thai too (not the browser's mm/dd/yyyy).
    await expect(page.getByTestId('control-asof-month').locator('option:checked')).toHaveText(THAI_MONTHS[g.m - 1]!);
    await expect(page.getByTestId('control-asof-year')).toHaveValue(String(g.y));
    await shot(page, testInfo, 'sample');

    await card(page, 'mrr').getByRole('button', { name: th.kpi.showFormula.replace('{{metric}}', th.metric.mrr) }).click();
    const popover = page.getByTestId('formula-popover');
    await expect(popover).toContainText(th.kpi.formula);
    await expect(popover).toContainText(th.kpi.sql);
    await expect(page.getByTestId('formula-text')).toHaveText(th.formula.mrr);
    await shot(page, testInfo, 'formula');
    await page.keyboard.press('Escape');

    await page.getByTestId('control-calendar').selectOption('buddhist');
    const asOf = `${g.d} ${THAI_MONTHS[g.m - 1]} ${g.y + 543}`;
    await expect(page.getByTestId('kpi-asof')).toHaveText(th.kpi.asOf.replace('{{date}}', asOf).replace('{{period}}', th.period.month));
    await expect(page.getByTestId('control-asof-year')).toHaveValue(String(g.y + 543));
    await expect(page.getByTestId('control-asof-month').locator('option:checked')).toHaveText(THAI_MONTHS[g.m - 1]!);

    // Drill into MRR: the banner names the Buddhist month, then follows the switch to quarters.
    await card(page, 'mrr').locator('.kpi-drill').click();
    const banner = page.getByTestId('drill-bar');
    await expect(banner).toContainText(`${THAI_MONTHS[g.m - 1]} ${g.y + 543}`);
    await shot(page, testInfo, 'buddhist-drill');
    await page.getByTestId('control-period').selectOption('quarter');
    const quarter = th.period.quarterOf.replace('{{q}}', String(Math.ceil(g.m / 3))).replace('{{year}}', `พ.ศ. ${g.y + 543}`);
    await expect(banner).toContainText(quarter);
    await expect(banner).not.toContainText(THAI_MONTHS[g.m - 1]!);
    await expect(page.getByTestId('kpi-asof')).toContainText(th.period.quarter);
    await shot(page, testInfo, 'buddhist-quarter');

    await page.getByRole('tab', { name: th.tabs.charts }).click();
    await expect(page.getByRole('region', { name: th.chart.mrrTrend })).toContainText(`พ.ศ. ${g.y + 543}`);
    await shot(page, testInfo, 'charts');
    await page.getByRole('tab', { name: th.tabs.data }).click();

    const wb = await exportReport(page, testInfo, 'th');
    const summary = wb.getWorksheet(th.report.sheet.summary);
    expect(summary).toBeDefined();
    expect(wb.worksheets.map((w) => w.name)).toContain(th.family.revenue);
    let mrr: unknown[] = [];
    summary!.eachRow((row) => { if (row.getCell(3).value === 'mrr') mrr = (row.values as unknown[]).slice(1); });
    expect(mrr[1]).toBe(th.metric.mrr);
    expect(mrr[3]).toBe(quarter); // the report is in the calendar and period shown
  });
});

test.describe('Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });

  test('zh-TW browser: Traditional Chinese cards, formula, ROC calendar, report', async ({ app: page }, testInfo) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: zhHant.empty.title })).toBeVisible();
    await expect(page.getByTestId('language-menu').locator('option:checked')).toHaveText('繁體中文');
    await shot(page, testInfo, 'empty');
    await openSample(page);
    await expect(card(page, 'customer_churn_rate')).toContainText(zhHant.metric.customer_churn_rate);
    await expect(card(page, 'fcr_rate')).toContainText(zhHant.metric.fcr_rate);
    await expect(card(page, 'nps')).toContainText(zhHant.metric.nps);
    const g = await gregorianAsOf(page);
    expect(g.text).toContain(`${g.y}年${g.m}月${g.d}日`);
    await shot(page, testInfo, 'sample');

    await card(page, 'nps').getByRole('button', { name: zhHant.kpi.showFormula.replace('{{metric}}', zhHant.metric.nps) }).click();
    await expect(page.getByTestId('formula-popover')).toContainText(zhHant.kpi.formula);
    await expect(page.getByTestId('benchmark-text')).toHaveText(zhHant.benchmark.nps);
    await shot(page, testInfo, 'formula');
    await page.keyboard.press('Escape');
    // A variant id (fcr.denominator = all) is shown by its translated name.
    await card(page, 'fcr_rate').getByRole('button', { name: zhHant.kpi.showFormula.replace('{{metric}}', zhHant.metric.fcr_rate) }).click();
    await expect(page.getByTestId('formula-popover')).toContainText(zhHant.variant.all);
    await expect(page.getByTestId('formula-text')).toHaveText(zhHant.formula.fcr_rate.all);
    await page.keyboard.press('Escape');

    await page.getByTestId('control-calendar').selectOption('roc');
    const asOf = `民國${g.y - 1911}年${g.m}月${g.d}日`;
    await expect(page.getByTestId('kpi-asof')).toHaveText(zhHant.kpi.asOf.replace('{{date}}', asOf).replace('{{period}}', zhHant.period.month));
    await expect(page.getByTestId('control-asof-year')).toHaveValue(String(g.y - 1911));
    await card(page, 'mrr').locator('.kpi-drill').click();
    await expect(page.getByTestId('drill-bar')).toContainText(`民國${g.y - 1911}年${g.m}月`);
    await shot(page, testInfo, 'roc-drill');

    // A day picked in the ROC calendar is the Gregorian day 1911 years on.
    await page.getByTestId('control-asof-day').selectOption('1');
    await expect(page.getByTestId('kpi-asof')).toContainText(`民國${g.y - 1911}年${g.m}月1日`);
    await expect(page.getByTestId('control-asof')).toHaveAttribute('data-value', `${g.y}-${String(g.m).padStart(2, '0')}-01`);

    const wb = await exportReport(page, testInfo, 'zh-Hant');
    expect(wb.getWorksheet(zhHant.report.sheet.summary)).toBeDefined();
    expect(wb.worksheets.map((w) => w.name)).toContain(zhHant.family.support);
  });
});

test.describe('Simplified Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('zh-CN browser: Simplified Chinese cards', async ({ app: page }, testInfo) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
    await expect(page.getByRole('heading', { name: zhHans.empty.title })).toBeVisible();
    await openSample(page);
    await expect(card(page, 'customer_churn_rate')).toContainText(zhHans.metric.customer_churn_rate);
    await expect(card(page, 'mrr')).toContainText(zhHans.metric.mrr);
    await shot(page, testInfo, 'sample');
    // The as-of day, month and year pickers still fit the toolbar of a small screen.
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByTestId('control-asof-year')).toBeInViewport();
    await shot(page, testInfo, 'small-screen');
    // The choice is remembered over the browser's locale.
    await page.getByTestId('language-menu').selectOption('zh-Hant');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  });
});
