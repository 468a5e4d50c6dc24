import type { Download, Locator, Page } from '@playwright/test';

/** The Sync screen: this laptop, export, import with its fingerprint prompt, conflicts, peers and keys. */
export class SyncPage {
  readonly heading: Locator;
  readonly thisLaptop: Locator;
  readonly exportPanel: Locator;
  readonly importPanel: Locator;
  readonly conflictsPanel: Locator;
  readonly peersPanel: Locator;
  readonly keysPanel: Locator;
  readonly review: Locator;
  readonly importResult: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sync', level: 1 });
    this.thisLaptop = page.getByRole('region', { name: 'This laptop' });
    this.exportPanel = page.getByRole('region', { name: 'Export' });
    this.importPanel = page.getByRole('region', { name: 'Import', exact: true });
    this.conflictsPanel = page.getByRole('region', { name: /^Conflicts/ });
    this.peersPanel = page.getByRole('region', { name: 'Peers' });
    this.keysPanel = page.getByRole('region', { name: 'Keys' });
    this.review = this.importPanel.getByRole('region', { name: /Ready to import|New key|Already imported|Refused/ });
    this.importResult = this.importPanel.getByRole('region', { name: /^Imported|Already imported: nothing changed/ });
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+8');
    await this.heading.waitFor();
    await this.thisLaptop.waitFor();
  }

  /** Exports through the screen and waits for the browser's download of the bundle. */
  async exportBundle(auditName: string, scope = 'Whole audit'): Promise<Download> {
    await this.exportPanel.getByLabel('Audit', { exact: true }).selectOption({ label: auditName });
    await this.exportPanel.getByRole('radio', { name: scope }).check();
    await this.exportPanel.getByRole('button', { name: 'Export' }).click();
    const link = this.exportPanel.getByRole('link', { name: 'Download the bundle' });
    const [download] = await Promise.all([this.page.waitForEvent('download'), link.click()]);
    return download;
  }

  async chooseBundle(file: string): Promise<void> {
    await this.importPanel.getByLabel('Bundle file to import').setInputFiles(file);
    await this.review.waitFor();
  }

  /** Drops a file on the screen (anywhere: here its heading), as a file dragged from the desktop would. */
  async dropFile(name: string, bytes: Buffer): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ fileName, base64 }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], fileName));
        return transfer;
      },
      { fileName: name, base64: bytes.toString('base64') },
    );
    await this.heading.dispatchEvent('dragover', { dataTransfer });
    await this.heading.dispatchEvent('drop', { dataTransfer });
  }

  conflict(record: string | RegExp): Locator {
    return this.conflictsPanel.getByRole('listitem').filter({ hasText: record });
  }
}
