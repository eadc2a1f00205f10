// Runs the Playwright end-to-end tests (Chromium from Debian where Playwright's own browser cannot
// be downloaded). Placeholder until the web host lands: reports plainly that nothing ran.
import { existsSync } from 'node:fs';
if (!existsSync('playwright.config.ts')) {
  console.log('e2e: no Playwright config yet — end-to-end tests skipped');
}
