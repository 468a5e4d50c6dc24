import type { Locator, Page } from '@playwright/test';

/** The audits screen: the list, its empty state and the new-audit form. */
export class AuditsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly emptyState: Locator;
  readonly newAuditButton: Locator;
  readonly form: Locator;
  readonly nameInput: Locator;
  readonly descriptionInput: Locator;
  readonly submit: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Audits', level: 1 });
    this.table = page.getByRole('table', { name: 'Audits' });
    this.emptyState = page.getByRole('region', { name: 'No audits yet' });
    this.newAuditButton = page.getByRole('button', { name: 'New audit' });
    this.form = page.getByRole('form', { name: 'New audit' });
    this.nameInput = this.form.getByLabel('Name');
    this.descriptionInput = this.form.getByLabel('Description (optional)');
    this.submit = this.form.getByRole('button', { name: 'Create audit' });
    this.formError = this.form.getByRole('alert');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.heading.waitFor();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name });
  }

  async createAudit(name: string, description = ''): Promise<void> {
    await this.page.keyboard.press('Control+n');
    await this.nameInput.fill(name);
    if (description) await this.descriptionInput.fill(description);
    await this.nameInput.press('Enter');
    await this.row(name).waitFor();
  }
}
