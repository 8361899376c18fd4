import { defineConfig } from '@playwright/test';

/**
 * The browser tests: Debian's Chromium (never a downloaded browser), headless, one worker (the
 * platform runs once, on fixed ports), against the gateway at http://localhost:8080.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  globalSetup: './platform.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: 'http://localhost:8080',
    locale: 'en-US',
    timezoneId: 'UTC',
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
