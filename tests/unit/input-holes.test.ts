import { describe, expect, it } from 'vitest';
import { callApi, testHost } from '../helpers/host';
import type { RunningHost } from '../../electron/host/server';
import { verifyAll } from '../../electron/system/verify';

// Fields that once took any string, or any date: each now refuses what would hide or reorder text
// in a report, names a control the library does not have, or dates a war-room entry decades off.

type Answer = { ok: boolean; value?: Record<string, unknown> & { id: string }; error?: { code: string; message: string } };

async function call(host: RunningHost, method: string, input: unknown): Promise<Answer> {
  return (await (await callApi(host, method, input)).json()) as Answer;
}

async function setup() {
  const { host, core } = await testHost();
  const audit = await call(host, 'audits.create', { name: 'Holes' });
  const release = await call(host, 'releases.create', { auditId: audit.value!.id, identifier: 'R-1', windowStart: '2026-11-20T22:00:00.000Z' });
  return { host, core, auditId: audit.value!.id, releaseId: release.value!.id };
}

describe('input validation holes', () => {
  it('findings refuse control ids with NUL or text-direction characters, unknown control ids and unknown stages', async () => {
    const { host, core, auditId } = await setup();
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ controlId: 'RA-RFC-01\u0000' }, /controlId: must be a control id of the library/],
      [{ controlId: '\u202eRA-RFC-01' }, /controlId: must be a control id of the library/],
      [{ controlId: 'RA-NOPE-99' }, /RA-NOPE-99 is not a control of the library/],
      [{ stage: 'build\u2066' }, /stage: must be one of/],
    ];
    for (const [fields, message] of refused) {
      const created = await call(host, 'findings.create', { auditId, title: 'F', ...fields });
      expect(created.error?.code, JSON.stringify(fields)).toBe('VALIDATION');
      expect(created.error?.message).toMatch(message);
    }
    const good = await call(host, 'findings.create', { auditId, title: 'F', controlId: 'RA-RFC-01', stage: 'build' });
    expect(good.ok).toBe(true);
    const update = await call(host, 'findings.update', { id: good.value!.id, controlId: 'RA-NOPE-99' });
    expect(update.error?.message).toMatch(/not a control of the library/);
    const interview = await call(host, 'interviews.create', { auditId, role: 'SRE', controlIds: ['RA-RFC-01\u202e'] });
    expect(interview.error?.code).toBe('VALIDATION');
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('text fields refuse half of a UTF-16 pair, which the database would silently replace', async () => {
    const { host, auditId } = await setup();
    for (const body of ['{"name":"Q4 \\ud800 releases"}', '{"name":"\\udc00"}']) {
      const response = await callApi(host, 'audits.create', body);
      expect(((await response.json()) as Answer).error?.message, body).toMatch(/name: Audit name contains a broken character/);
    }
    expect((await call(host, 'findings.create', { auditId, title: 'Emoji 🚀 stays whole' })).ok).toBe(true);
  });

  it('runbook parameters, plan list keys and checklist item keys refuse control and text-direction characters', async () => {
    const { host, auditId, releaseId } = await setup();
    const steps = (parameters: Record<string, string>) => ({ releaseId, steps: [{ title: 'Deploy', parameters }] });
    for (const parameters of [{ 'env\u202e': 'prod' }, { env: 'prod\u0000' }] as Array<Record<string, string>>) {
      expect((await call(host, 'releases.saveRunbook', steps(parameters))).error?.message).toMatch(/control or text-direction characters/);
    }
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, 'v']));
    expect((await call(host, 'releases.saveRunbook', steps(many))).error?.message).toMatch(/at most 50 parameters/);
    expect((await call(host, 'releases.saveRunbook', steps({ env: 'prod' }))).ok).toBe(true);
    const plan = await call(host, 'plans.save', { auditId, accessRequests: [{ key: 'k\u0000', dataSource: 'ticketing' }] });
    expect(plan.error?.code).toBe('VALIDATION');
    const result = await call(host, 'checklist.record', { auditId, itemKey: 'RA\u202e-RFC-01', result: 'pass' });
    expect(result.error?.message).toMatch(/itemKey: must be 1–80 letters/);
  });

  it('refuses a war-room entry dated 1970, or long before anything its release knows of', async () => {
    const { host, core, auditId, releaseId } = await setup();
    for (const at of ['1970-01-01T00:00:00.000Z', '2016-11-20T22:05:00.000Z', '2026-11-19T21:59:59.999Z']) {
      const entry = await call(host, 'warroom.add', { releaseId, kind: 'note', body: { text: 'Started' }, at });
      expect(entry.error?.code, at).toBe('VALIDATION');
      expect(entry.error?.message).toMatch(
        at.startsWith('1970') ? /at: must be a time between the years 2000 and 2199/ : /more than a day before anything this release knows of \(the earliest is 2026-11-20T22:00:00.000Z\)/,
      );
    }
    // Nor can the release be moved to 1970 first, nor a finding be due in the year 9999.
    expect((await call(host, 'releases.update', { id: releaseId, windowStart: '1970-01-01T00:00:00.000Z' })).error?.message).toMatch(/between the years 2000 and 2199/);
    expect((await call(host, 'findings.create', { auditId, title: 'F', dueAt: '9999-12-31' })).error?.message).toMatch(/between the years 2000 and 2199/);
    expect((await call(host, 'warroom.add', { releaseId, kind: 'note', body: { text: 'Started' }, at: '2026-11-20T21:30:00.000Z' })).ok).toBe(true);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM warroom_entries').get()).toEqual({ n: 1 });
  });
});
