import { defineConfig } from '@playwright/test';

/**
 * The console and the ballot page in Debian's Chromium, against the real service: the built
 * dist/ and web/dist/ (`npm run build` first), started by global-setup.ts on a fresh SQLite
 * database loaded with the demo data.
 */
export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../data/e2e-results',
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 860 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-sync',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
