import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { FieldworkPage } from './pages/FieldworkPage';

// A fixture file imported onto a release as the screen does it: uploaded, imported as a job, followed to the end.

export const importFixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'imports');

export async function importFixture(page: Page, origin: string, fieldwork: FieldworkPage, name: string, target: { auditId: string; releaseId: string }): Promise<void> {
  const uploaded = await (await page.request.post(`${origin}/upload/import?name=${encodeURIComponent(name)}`, { data: fs.readFileSync(path.join(importFixtures, name)) })).json();
  expect(uploaded.ok, JSON.stringify(uploaded.error)).toBe(true);
  const { jobId } = await fieldwork.call('imports.start', { uploadId: uploaded.value.uploadId, ...target });
  await expect.poll(async () => (await fieldwork.call('jobs.progress', { jobId })).state).toBe('done');
}
