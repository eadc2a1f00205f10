// The UI in Persian: a browser set to fa-IR gets a Persian, right-to-left page; the language menu
// switches to English and the choice is remembered across reloads.
import { test, expect, openSample, card, shot } from './helpers';

test.use({ locale: 'fa-IR' });

test('fa-IR browser: Persian, right-to-left, language menu remembered', async ({ app: page }, testInfo) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'خروجی‌های خود را باز کنید تا شاخص‌ها را ببینید' })).toBeVisible();
  await shot(page, testInfo, 'fa-empty');
  await openSample(page);
  await expect(card(page, 'customer_churn_rate')).toContainText('نرخ ریزش مشتری');
  await shot(page, testInfo, 'fa-sample');
  await page.getByTestId('language-menu').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
