import type { Locator, Page } from '@playwright/test';

/** The plan of one audit: every section, the save state and the breach banner. */
export class PlanPage {
  readonly saveState: Locator;
  readonly breachBanner: Locator;
  readonly objective: Locator;
  readonly pinnedTemplate: Locator;
  readonly templateVersion: Locator;
  readonly pinButton: Locator;

  constructor(readonly page: Page) {
    this.saveState = page.getByTestId('save-state');
    this.breachBanner = page.getByTestId('breach-banner');
    this.objective = page.getByRole('textbox', { name: 'Objective' });
    this.pinnedTemplate = page.getByTestId('pinned-template');
    this.templateVersion = page.getByLabel('Template version');
    this.pinButton = page.getByRole('button', { name: 'Pin to audit' });
  }

  heading(auditName: string): Locator {
    return this.page.getByRole('heading', { name: `Plan: ${auditName}`, level: 1 });
  }

  async addTag(list: string, value: string): Promise<void> {
    const input = this.page.getByRole('textbox', { name: list });
    await input.fill(value);
    await input.press('Enter');
  }

  async waitSaved(): Promise<void> {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent?.startsWith('Saved'));
  }
}
