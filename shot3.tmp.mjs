import { chromium } from '@playwright/test';
const [url, theme] = process.argv.slice(2);
const origin = new URL(url).origin;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-dev-shm-usage','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: theme });
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url);
await page.getByRole('heading', { name: 'Audits', level: 1 }).waitFor();
const call = async (method, data) => { const b = await (await page.request.post(`${origin}/api/${method}`, { data })).json(); if (!b.ok) throw new Error(b.error.message); return b.value; };
const audit = await call('audits.create', { name: 'Q4 payments ' + theme });
await call('audits.pinTemplate', { auditId: audit.id, templateVersionId: '0190a000-0000-7000-8000-000000000002' });
const rel = await call('releases.create', { auditId: audit.id, identifier: 'PAY-2026.11.3', system: 'Payments', timeZone: 'Europe/Berlin', windowStart: new Date(Date.now() - 40*60000).toISOString(), sourceTag: 'v1.4.2', manifestVersion: '1.4.3' });
const t0 = Date.now() - 40*60000;
const r2 = await call('releases.saveRunbook', { releaseId: rel.id, steps: [
  { title: 'Drain traffic', plannedStart: new Date(t0).toISOString(), plannedEnd: new Date(t0+10*60000).toISOString(), owner: 'SRE' },
  { title: 'Deploy ledger-api', plannedStart: new Date(t0+10*60000).toISOString(), plannedEnd: new Date(t0+30*60000).toISOString(), owner: 'SRE' },
  { title: 'Smoke tests', plannedStart: new Date(t0+30*60000).toISOString(), plannedEnd: new Date(t0+40*60000).toISOString(), owner: 'QA' }] });
const [s1, s2] = r2.runbook;
await call('warroom.add', { releaseId: rel.id, kind: 'step-started', body: { stepId: s1.id }, at: new Date(t0+2*60000).toISOString() });
await call('warroom.add', { releaseId: rel.id, kind: 'step-finished', body: { stepId: s1.id }, at: new Date(t0+14*60000).toISOString() });
await call('warroom.add', { releaseId: rel.id, kind: 'step-started', body: { stepId: s2.id }, at: new Date(t0+15*60000).toISOString() });
await call('warroom.add', { releaseId: rel.id, kind: 'node-status', body: { node: 'eu-1', status: 'succeeded' } });
await call('warroom.add', { releaseId: rel.id, kind: 'node-status', body: { node: 'us-1', status: 'failed' } });
await call('warroom.add', { releaseId: rel.id, kind: 'halt-check', body: { observedPercent: 6.2, thresholdPercent: 5, decision: 'halt', batch: 'first batch' } });
await call('warroom.add', { releaseId: rel.id, kind: 'on-the-fly-change', body: { text: 'Raised DB pool to 80' } });
for (const [k, r] of [['RA-RFC-01','pass'],['RA-RFC-02','pass'],['RA-RFC-03','fail'],['RA-RFC-04','not-applicable']]) await call('checklist.record', { auditId: audit.id, releaseId: rel.id, itemKey: k, result: r, note: r === 'fail' ? 'No impact assessment on RFC-881' : '' });
await page.reload();
await page.keyboard.press('Alt+4');
await page.getByRole('button', { name: 'Q4 payments ' + theme }).click();
await page.getByRole('tab', { name: 'Checklist' }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: `/tmp/fw-checklist-${theme}.png` });
await page.getByRole('tab', { name: 'War room' }).click();
await page.waitForTimeout(800);
await page.screenshot({ path: `/tmp/fw-warroom-${theme}.png` });
await page.getByRole('tab', { name: 'Details' }).click();
await page.waitForTimeout(500);
await page.screenshot({ path: `/tmp/fw-details-${theme}.png` });
await browser.close();
