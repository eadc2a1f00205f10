// Persian with Persian or Latin digits, and the KPI search by the guides' terms (TERMS.md), on the
// bundled sample. By quarter in the Persian calendar the current quarter is 11 of its 90 days.
//
// Test ids used: language-menu, control-period, control-calendar, kpi-search, kpi-card-<id>,
// kpi-value, kpi-progress, formula-popover, guide-terms.
import { test, expect, openSample, card, shot } from './helpers';

test('Persian digits or Latin digits, everywhere at once', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await app.getByTestId('control-period').selectOption('quarter');
  await app.getByTestId('control-calendar').selectOption('persian');
  await app.getByTestId('language-menu').selectOption('fa');
  const volume = card(app, 'ticket_volume');
  // Numbers inside sentences take the digits too, not only formatted values.
  await expect(volume.getByTestId('kpi-progress')).toHaveText('۱۱ از ۹۰ روز');
  await expect(volume.getByTestId('kpi-value')).toHaveText(/^[۰-۹٬]+$/);
  await expect(app.getByTestId('kpi-asof')).toContainText('۱۴۰۳');
  // Parameter boxes too: promoters from ۹; a value typed in Persian digits is taken.
  const promoters = app.getByTestId('param-nps.promoter_min');
  if (!(await promoters.isVisible())) await app.locator('details.params > summary').click();
  const box = promoters.locator('input').first();
  await expect(box).toHaveValue('۹');
  await box.fill('۱۰');
  await box.press('Enter');
  await expect(box).toHaveValue('۱۰');
  await box.press('ArrowDown');
  await expect(box).toHaveValue('۹');

  await app.getByTestId('language-menu').selectOption('fa:latin');
  await expect(app.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(volume.getByTestId('kpi-progress')).toHaveText('11 از 90 روز');
  await expect(volume.getByTestId('kpi-value')).toHaveText(/^[0-9,]+$/);
  await expect(app.getByTestId('kpi-asof')).toContainText('1403');
  await expect(app.getByTestId('kpi-asof')).not.toContainText('۱');
  await expect(box).toHaveValue('9');
  await shot(app, testInfo, 'fa-latin-digits');

  // Remembered after a reload.
  await app.reload();
  await expect(app.getByTestId('language-menu')).toHaveValue('fa:latin');
  expect(consoleErrors).toEqual([]);
});

test('the guides\' own terms find their KPIs and show in the details', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await app.getByTestId('language-menu').selectOption('fa');
  // "First-call clarity rate": a Persian guide's literal term for first contact resolution.
  await app.getByTestId('kpi-search').fill('نرخ وضوح تماس اول');
  await expect(app.locator('.kpi-card')).toHaveCount(1);
  await expect(card(app, 'fcr_rate')).toBeVisible();
  await card(app, 'fcr_rate').locator('button.info').click();
  await expect(app.getByTestId('guide-terms')).toContainText('نرخ وضوح تماس اول');
  await shot(app, testInfo, 'fa-guide-term');
  await app.keyboard.press('Escape');

  // The Thai guide's "customer spinning rate" for churn; English finds it too.
  await app.getByTestId('kpi-search').fill('อัตราการปั่นของลูกค้า');
  await expect(card(app, 'customer_churn_rate')).toBeVisible();
  await app.getByTestId('kpi-search').fill('zzz');
  await expect(app.locator('.kpi-card')).toHaveCount(0);
  await expect(app.getByText('هیچ شاخصی با جستجو مطابقت ندارد.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
