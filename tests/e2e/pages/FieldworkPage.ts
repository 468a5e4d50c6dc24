import type { Locator, Page } from '@playwright/test';

type Call = (method: string, data: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fieldwork on one audit: its releases, the war room, the checklist and the emergency tab. */
export class FieldworkPage {
  readonly room: Locator;
  readonly log: Locator;
  readonly hint: Locator;
  readonly checklistHint: Locator;
  readonly bypassed: Locator;
  readonly contextBar: Locator;
  readonly notices: Locator;

  constructor(
    readonly page: Page,
    readonly call: Call,
  ) {
    this.room = page.getByRole('region', { name: 'War room' });
    this.log = page.getByRole('list', { name: 'War-room log' });
    this.hint = page.getByTestId('warroom-hint');
    this.checklistHint = page.getByTestId('checklist-hint');
    this.bypassed = page.getByRole('region', { name: 'Bypassed controls' });
    this.contextBar = page.getByTestId('context-bar');
    this.notices = page.getByTestId('notices');
  }

  /** A new audit with the standard checklist pinned, opened on Fieldwork, and one release made over the API. */
  static async open(page: Page, url: string, options: { audit?: string; release?: Record<string, unknown> } = {}) {
    await page.goto(url);
    await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
    const origin = new URL(url).origin;
    const call: Call = async (method, data) => {
      const response = await page.request.post(`${origin}/api/${method}`, { data });
      const body = await response.json();
      if (!body.ok) throw new Error(body.error.message);
      return body.value;
    };
    const audit = await call('audits.create', { name: options.audit ?? 'Field-ready audit' });
    await call('audits.pinTemplate', { auditId: audit.id, templateVersionId: '0190a000-0000-7000-8000-000000000002' });
    const release = await call('releases.create', { auditId: audit.id, identifier: 'PAY-1', timeZone: 'Europe/Berlin', ...options.release });
    await page.keyboard.press('Alt+4');
    await page.getByRole('button', { name: audit.name }).click();
    await page.getByRole('heading', { name: release.identifier, level: 2 }).waitFor();
    return { fieldwork: new FieldworkPage(page, call), audit, release };
  }

  tab(name: 'Details' | 'Checklist' | 'War room' | 'Emergency'): Locator {
    return this.page.getByRole('tab', { name });
  }

  entries(): Locator {
    return this.log.getByRole('listitem');
  }

  /** The release's status board with its whole log, oldest first (the log comes in pages, newest first). */
  async board(releaseId: string) {
    const status = await this.call('warroom.board', { releaseId });
    const newestFirst: unknown[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await this.call('warroom.entries', { releaseId, cursor, limit: 1000 });
      newestFirst.push(...page.rows);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { ...status, entries: newestFirst.reverse() };
  }

  async noHorizontalScroll(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && (document.getElementById('main')?.scrollWidth ?? 0) <= (document.getElementById('main')?.clientWidth ?? 0));
  }
}
