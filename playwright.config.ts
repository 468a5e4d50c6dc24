import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real renderer in Debian's Chromium against the real browser host.
// Playwright never downloads a browser here: it uses /usr/bin/chromium (apt-get install chromium).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The hosts the tests start sign with keys whose passphrase comes from here, never from a keychain.
process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'e2e-only passphrase, not a secret';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Tests call the host's API with page.request, which sends the page's cookie but no Fetch
    // Metadata: like the app's page, they say where they come from (electron/host/auth.ts).
    extraHTTPHeaders: { 'X-Release-Audit': '1' },
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
