// The workspace is readable at the two sizes the issue names, in both themes: the page itself
// never scrolls sideways, and the grid, mapping panel and KPI cards are all on screen.
import { test, expect, openSample, card, cardValue, shot } from './helpers';

for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`sample workspace at ${size.width}×${size.height}, ${theme} theme`, async ({ app }, testInfo) => {
      await app.setViewportSize(size);
      await openSample(app);
      await cardValue(app, 'mrr');
      const toggle = app.getByTestId('theme-toggle');
      const isDark = async () => app.evaluate(() => {
        const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
        return (bg[0] + bg[1] + bg[2]) / 3 < 128;
      });
      if ((await isDark()) !== (theme === 'dark')) await toggle.click();
      await expect.poll(isDark).toBe(theme === 'dark');

      const overflow = await app.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      for (const id of ['grid', 'mapping-panel']) await expect(app.getByTestId(id)).toBeInViewport();
      await expect(card(app, 'mrr')).toBeInViewport();
      await shot(app, testInfo, 'workspace');
    });
  }
}
