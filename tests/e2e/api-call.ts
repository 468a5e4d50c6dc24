import type { Page } from '@playwright/test';

// One API call from a spec, through the page's own session with the host: set-up the screens are not
// under test for, answered with its value or thrown with the app's message.

export async function apiCall<T = unknown>(page: Page, origin: string, method: string, data: unknown): Promise<T> {
  const body = (await (await page.request.post(`${origin}/api/${method}`, { data })).json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message ?? `${method} failed`);
  return body.value;
}
