import type { Locator, Page } from '@playwright/test';

/** The frame around every screen: navigation, theme and status bar. */
export class AppFrame {
  readonly nav: Locator;
  readonly theme: Locator;
  readonly verifyButton: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Areas' });
    this.theme = page.getByLabel('Colour theme');
    this.verifyButton = page.getByRole('button', { name: 'Verify integrity' });
    this.status = page.getByRole('contentinfo', { name: 'Status' });
  }

  area(label: string): Locator {
    return this.nav.getByRole('button', { name: new RegExp(`^${label}`) });
  }
}
