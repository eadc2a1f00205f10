// Shared pieces of the end-to-end tests: the page fixture (fresh engine per page, console errors
// collected, a screenshot at the end of every test), file opening, reading KPI cards, and small
// readers for the files the tests compute their expectations from.
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real exports (../shared/datasets next to the checkout; KPIW_DATASETS overrides). */
export const DATASETS = process.env.KPIW_DATASETS ?? path.resolve(ROOT, '..', 'shared', 'datasets');
export const SAMPLE = path.join(ROOT, 'resources', 'sample');
const SCREENSHOTS = path.join(ROOT, 'test', 'e2e', 'screenshots');

export { expect };

/** Saves a screenshot named after the test: test/e2e/screenshots/<file>-<test>-<step>.png */
export async function shot(page: Page, testInfo: TestInfo, step: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const slug = `${path.basename(testInfo.file, '.spec.ts')}-${testInfo.title}-${step}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${slug}.png`) });
}

export const test = base.extend<{ app: Page; consoleErrors: string[] }>({
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  app: async ({ page, consoleErrors }, use, testInfo) => {
    const baseUrl = process.env.KPIW_BASE_URL;
    if (!baseUrl) throw new Error('KPIW_BASE_URL is not set: the global setup did not start the web host');
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()} (${m.location().url})`); });
    page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(baseUrl);
    await use(page);
    await shot(page, testInfo, 'end');
  },
});

/** Opens files through the file input, as a user picking them in the dialog. */
export async function openFiles(page: Page, files: string[]): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles(files);
}

export async function openSample(page: Page): Promise<void> {
  await page.getByTestId('try-sample').click();
}

export function card(page: Page, metricId: string): Locator {
  return page.getByTestId(`kpi-card-${metricId}`);
}

/** The text of a KPI card's value once it shows a number. */
export async function cardValue(page: Page, metricId: string): Promise<string> {
  const value = card(page, metricId).getByTestId('kpi-value');
  await expect(value).toHaveText(/\d/);
  return (await value.textContent())?.trim() ?? '';
}

/** "31,234" "$1,204.50" "6.4%" "+41" "-12.5" → the number shown (percent as shown, not as a fraction). */
export function shownNumber(text: string): number {
  const m = /[-+−]?\d[\d,]*(\.\d+)?/.exec(text.replace(/\u2212/g, '-'));
  if (!m) throw new Error(`no number in "${text}"`);
  return Number(m[0].replace(/,/g, '').replace('+', ''));
}

/** "45 s", "12 m 05 s", "2 h 05 m", "3 d 04 h" → seconds. */
export function shownDuration(text: string): number {
  const unit: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const m of text.matchAll(/([\d.]+)\s*([dhms])\b/g)) total += Number(m[1]) * unit[m[2]];
  return text.trim().startsWith('-') ? -total : total;
}

/** A simple CSV (no quoted delimiters in the columns the tests use) as objects. */
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.length > 0);
  const names = splitCsvLine(header);
  return lines.map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Seconds since the epoch of "YYYY-MM-DD HH:MM:SS" read as UTC (no time zone in the files). */
export function epochSeconds(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z') / 1000;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Sets a calendar date picker (CalendarDateInput, in the Gregorian calendar) to an ISO date: year,
 * month, then day, as a user would (an empty picker takes the date once all three are chosen).
 */
export async function pickDate(page: Page, testId: string, iso: string): Promise<void> {
  // Always the calendar's day, month and year boxes (empty ones too): no <input type="date">.
  const year = page.getByTestId(`${testId}-year`);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  await year.fill(String(y));
  await year.press('Enter');
  await page.getByTestId(`${testId}-month`).selectOption(String(m));
  await page.getByTestId(`${testId}-day`).selectOption(String(d));
  await expect(page.getByTestId(testId)).toHaveAttribute('data-value', iso);
}
