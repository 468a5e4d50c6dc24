import type { Locator, Page } from '@playwright/test';

/** The library: controls, framework coverage, and the checklist template editor. */
export class LibraryPage {
  readonly templateName: Locator;
  readonly publishReason: Locator;
  readonly saveState: Locator;

  constructor(readonly page: Page) {
    this.templateName = page.getByLabel('Template name');
    this.publishReason = page.getByLabel('Why publish this version');
    this.saveState = page.getByTestId('save-state');
  }

  async open(tab: 'Controls' | 'Framework view' | 'Checklist templates'): Promise<void> {
    await this.page.keyboard.press('Alt+3');
    await this.page.getByRole('tab', { name: tab }).click();
  }

  publishButton(version: number): Locator {
    return this.page.getByRole('button', { name: `Publish v${version}` });
  }

  template(name: string): Locator {
    return this.page.getByRole('complementary', { name: 'Templates' }).getByRole('button', { name: new RegExp(name) });
  }
}
