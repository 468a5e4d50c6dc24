import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAudit } from '../audits/service';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { testCore } from '../../tests/helpers/temp';
import { issueReport, listReports, reportFile } from './archive';
import { approveExternalEdition } from './audience';
import { listRetentionPolicies, retainUntil } from './retention';
import { listConflicts } from '../sync/service';

// Who received which edition, and how long each is kept: a distribution list recorded after issue
// (corrected by later entries), a retention policy per audit from an editable list, and no removal
// from the archive before the report's retain-until date.

const HIPAA = '0190a000-0000-7000-8000-000000000103';
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

afterEach(() => {
  vi.useRealTimers();
});

async function issued(actor = 'Ada Auditor') {
  const core = testCore({ actor });
  const handlers = createHandlers(core);
  const audit = createAudit(core, { name: 'Q4 payments releases', description: '' });
  return { core, handlers, audit };
}

const call = async (handlers: ReturnType<typeof createHandlers>, method: string, input: unknown) => {
  const answer = await dispatch(handlers, method, input);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as Record<string, unknown>;
};

describe('distribution lists', () => {
  it('record who received which edition, corrected by later entries, and show them in the archive', async () => {
    const { core, handlers, audit } = await issued();
    const report = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    const today = new Date().toISOString().slice(0, 10);
    const sent = await call(handlers, 'reports.distribute', { reportId: report.id, name: 'Chair of the CAB', role: 'Chair', organisation: 'Acme Bank', sentOn: today });
    await call(handlers, 'reports.distribute', { reportId: report.id, name: 'Dana Ops', role: 'Head of Operations', organisation: 'Acme Bank', sentOn: today });
    await call(handlers, 'reports.distribute', { reportId: report.id, name: 'Chair of the CAB', role: 'Chair', organisation: 'Acme Bank plc', sentOn: today, correctsId: sent.id });
    const [listed] = listReports(core, audit.id);
    expect(listed?.recipients.map((r) => [r.name, r.organisation, r.superseded, r.recordedBy])).toEqual([
      ['Chair of the CAB', 'Acme Bank', true, 'Ada Auditor'],
      ['Dana Ops', 'Acme Bank', false, 'Ada Auditor'],
      ['Chair of the CAB', 'Acme Bank plc', false, 'Ada Auditor'],
    ]);
    // The log is append-only in the database as well.
    expect(() => core.sqlite.prepare("UPDATE report_distribution SET name = 'x'").run()).toThrow(/append-only/);
  });

  it('refuse wrong inputs, unknown reports and impossible dates, in words', async () => {
    const { core, handlers, audit } = await issued();
    const report = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    const today = new Date().toISOString().slice(0, 10);
    for (const input of [
      { reportId: report.id, name: 42, sentOn: today },
      { reportId: report.id, name: 'Bo', sentOn: 20261201 },
      { reportId: report.id, name: '', sentOn: today },
      { reportId: report.id, name: 'Bo', sentOn: '1 Dec 2026' },
      { reportId: report.id, name: 'Bo', sentOn: today, extra: true },
      { reportId: report.id, name: 'Bo', sentOn: '2020-01-01' },
      { reportId: report.id, name: 'Bo', sentOn: '2199-01-01' },
      { reportId: report.id, name: 'Bo', sentOn: today, withdrawn: true },
    ]) {
      await expect(call(handlers, 'reports.distribute', input), JSON.stringify(input)).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    await expect(call(handlers, 'reports.distribute', { reportId: UNKNOWN, name: 'Bo', sentOn: today })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `There is no issued report with the id ${UNKNOWN}.` });
    await expect(call(handlers, 'reports.distribute', { reportId: report.id, name: 'Bo', sentOn: today, correctsId: UNKNOWN })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(listReports(core, audit.id)[0]?.recipients).toEqual([]);
  });

  it('and approvals travel to another laptop in a bundle', async () => {
    const alice = laptop('Alice Auditor');
    const bob = laptop('Bob Auditor');
    const audit = createAudit(alice, { name: 'Shared audit', description: '' });
    approveExternalEdition(alice, { auditId: audit.id, reviewer: 'Cleo Compliance', role: 'compliance', comment: 'ok' });
    const report = await issueReport(alice, { auditId: audit.id, kind: 'summary', distribution: 'external', sign: false });
    await dispatch(createHandlers(alice), 'reports.distribute', { reportId: report.id, name: 'External auditor', role: 'Partner', organisation: 'KPMG', sentOn: new Date().toISOString().slice(0, 10) });
    // Both laptops made the shipped retention policies themselves: the same records, no conflict.
    expect(listRetentionPolicies(bob).length).toBe(listRetentionPolicies(alice).length);
    await exchange(alice, bob, audit.id);
    expect(listConflicts(bob, audit.id)).toEqual([]);
    const [received] = listReports(bob, audit.id);
    expect(received).toMatchObject({ reportId: report.reportId, approval: { reviewer: 'Cleo Compliance', role: 'compliance' }, recipients: [{ name: 'External auditor', organisation: 'KPMG', recordedBy: 'Alice Auditor' }] });
  });
});

describe('retention', () => {
  it('takes the audit’s policy at issue, from an editable list, and shows it in the archive', async () => {
    const { core, handlers, audit } = await issued();
    const policies = (await dispatch(handlers, 'reports.retentionPolicies', {})) as { ok: true; value: Array<{ name: string; years: number }> };
    expect(policies.value.map((p) => `${p.name} ${p.years}`)).toEqual(expect.arrayContaining(['SOX 7', 'HIPAA 6', 'Standard 7']));
    const first = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    expect(first).toMatchObject({ retentionPolicy: 'Standard, 7 years', retainUntil: retainUntil(first.generatedAt, 7) });
    await call(handlers, 'reports.chooseRetention', { auditId: audit.id, policyId: HIPAA });
    const second = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    expect(second).toMatchObject({ retentionPolicy: 'HIPAA, 6 years', retainUntil: retainUntil(second.generatedAt, 6) });
    // A report already issued keeps its date.
    expect(listReports(core, audit.id).map((r) => r.retentionPolicy)).toEqual(['HIPAA, 6 years', 'Standard, 7 years']);

    const gdpr = await call(handlers, 'reports.saveRetentionPolicy', { name: 'GDPR records', years: 3, basis: 'Our data-protection policy' });
    await call(handlers, 'reports.saveRetentionPolicy', { id: gdpr.id, name: 'GDPR records', years: 3, retired: true });
    await expect(call(handlers, 'reports.chooseRetention', { auditId: audit.id, policyId: gdpr.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is retired/) });
    await expect(call(handlers, 'reports.saveRetentionPolicy', { name: 'sox', years: 5 })).rejects.toMatchObject({ code: 'CONFLICT' });
    for (const input of [{ name: 'Short', years: 0 }, { name: 'Half', years: 1.5 }, { name: 'Text', years: 'seven' }, { name: '', years: 3 }]) {
      await expect(call(handlers, 'reports.saveRetentionPolicy', input), JSON.stringify(input)).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    await expect(call(handlers, 'reports.chooseRetention', { auditId: audit.id, policyId: UNKNOWN })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(handlers, 'reports.retention', { auditId: UNKNOWN })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(retainUntil('2028-02-29T10:00:00.000Z', 1)).toBe('2029-02-28');
  });

  it('keeps a report in the archive until its date: removal before is refused in words, after it is recorded', async () => {
    const { core, handlers, audit } = await issued();
    await call(handlers, 'reports.chooseRetention', { auditId: audit.id, policyId: HIPAA });
    const report = await issueReport(core, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
    await expect(call(handlers, 'reports.remove', { id: report.id, reason: 'Tidying up' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Report ${report.reportId} must be kept until ${report.retainUntil} (HIPAA, 6 years from its issue on ${report.generatedAt.slice(0, 10)}): it cannot be removed before then.`,
    });
    await expect(call(handlers, 'reports.remove', { id: UNKNOWN, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(handlers, 'reports.remove', { id: report.id, reason: 42 })).rejects.toMatchObject({ code: 'VALIDATION' });
    // On its last day it is still kept; the day after, it may go.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(`${report.retainUntil}T23:00:00.000Z`));
    await expect(call(handlers, 'reports.remove', { id: report.id, reason: 'Retention period over' })).rejects.toMatchObject({ code: 'CONFLICT' });
    vi.setSystemTime(new Date(Date.parse(`${report.retainUntil}T00:00:00.000Z`) + 86_400_000 + 3_600_000));
    await call(handlers, 'reports.remove', { id: report.id, reason: 'Retention period over' });
    vi.useRealTimers();
    expect(listReports(core, audit.id)[0]?.removed).toMatchObject({ removedBy: 'Ada Auditor', reason: 'Retention period over' });
    expect(() => reportFile(core, report.id)).toThrow(/was removed from the archive/);
    await expect(call(handlers, 'reports.remove', { id: report.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already removed/) });
    await expect(call(handlers, 'reports.distribute', { reportId: report.id, name: 'Late', sentOn: new Date().toISOString().slice(0, 10) })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
