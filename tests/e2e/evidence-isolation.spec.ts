import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

// A page on another 127.0.0.1 port is the same "site" to the browser, so it gets the host's
// SameSite cookie. In real Chromium, its <img>, fetch and form must read no evidence and leave no
// custody event: the host answers only requests that come from its own page.

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==',
  'base64',
);

function servePage(html: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

test("a page on another port holding the host's cookie reads no evidence and adds no custody event", async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
  const call = async (method: string, data: unknown) => {
    const body = await (await page.request.post(`${host.origin}/api/${method}`, { data })).json();
    if (!body.ok) throw new Error(body.error.message);
    return body.value;
  };
  const audit = await call('audits.create', { name: 'Isolation audit' });
  const upload = await page.request.post(`${host.origin}/upload/evidence?auditId=${audit.id}&name=screenshot.png&mediaType=image/png`, { data: png });
  const evidence = (await upload.json()).value as { id: string };
  const content = `${host.origin}/evidence/${evidence.id}/content`;

  // The app's own page can show it (and that view is recorded).
  const ownWidth = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    return img.naturalWidth;
  }, content);
  expect(ownWidth).toBe(4);

  const attacker = await servePage(`<!doctype html><title>elsewhere</title>
    <img id="stolen" src="${content}?head=999" onload="document.title='loaded'" onerror="document.title='refused'">
    <form id="plant" method="POST" action="${host.origin}/upload/evidence?auditId=${audit.id}&name=planted.txt" enctype="text/plain"><input name="x" value="planted"></form>`);
  try {
    await page.goto(`${attacker.origin}/`);
    await expect(page).toHaveTitle('refused');
    const fetched = await page.evaluate(async (src) => {
      try {
        const response = await fetch(src, { credentials: 'include', mode: 'no-cors' });
        return response.type;
      } catch {
        return 'blocked';
      }
    }, `${content}?head=998`);
    expect(['opaque', 'blocked']).toContain(fetched);
    const planted = page.waitForResponse((response) => response.url().includes('/upload/evidence'));
    await page.evaluate(() => (document.getElementById('plant') as HTMLFormElement).submit());
    expect((await planted).status()).toBe(403);
  } finally {
    await attacker.close();
  }

  const custody = (await call('evidence.custody', { evidenceId: evidence.id })) as Array<{ event: string }>;
  expect(custody.map((c) => c.event)).toEqual(['captured', 'viewed']);
  expect(((await call('evidence.list', { auditId: audit.id })) as { total: number }).total).toBe(1);
});
