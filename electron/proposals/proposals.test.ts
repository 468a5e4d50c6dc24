import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { exchange, laptop } from '../../tests/helpers/laptops';
import { testCore } from '../../tests/helpers/temp';
import { getTemplate, getVersion, publishTemplate } from '../templates/service';
import { publishReason } from './compute';
import { seedCycles } from './seed.fixture';
import { acceptProposal, declineProposal, draftReason, listProposals } from './service';

// Template proposals from a database seeded with three audit cycles: the expected proposals are worked
// out by hand in seed.fixture.ts.

describe('template proposals', () => {
  it('proposes exactly the changes the repeats and failures call for, with the findings and failures behind them', () => {
    const core = testCore();
    const seeded = seedCycles(core);
    const list = listProposals(core);
    expect(list.thresholds).toEqual({ repeatAudits: 2, failedReleases: 3 });
    const byKind = Object.fromEntries(list.proposals.map((p) => [p.kind, p]));
    expect(list.proposals.map((p) => `${p.kind} ${p.after.key}`).sort()).toEqual(['new-control-point RA-RFC-02-cp', 'new-item RA-RFC-03', 'stronger-wording RA-RFC-01']);
    for (const p of list.proposals) expect(p.templateId).toBe(seeded.templateId);

    const stronger = byKind['stronger-wording']!;
    expect(stronger.findings.map((f) => f.title)).toEqual(['Approval missing (cycle 1)', 'Approval missing again (cycle 2)']);
    expect(stronger.before?.key).toBe('RA-RFC-01');
    expect(stronger.after.procedure).toContain('Recurring deficiency, found in 2 audits: "approval missing before the window"');
    expect(stronger.diff.map((d) => `${d.kind} ${d.key}`)).toEqual(['changed RA-RFC-01']);

    const item = byKind['new-item']!;
    expect(item.findings.map((f) => f.id)).toEqual([seeded.findings['Rollback untested (cycle 1)']!.id, seeded.findings['Rollback untested (cycle 2)']!.id, seeded.findings['Rollback untested (cycle 3)']!.id]);
    expect(item.before).toBeNull();
    expect(item.why).toContain('3 audits');
    expect(item.diff.map((d) => `${d.kind} ${d.key}`)).toEqual(['added RA-RFC-03']);

    const point = byKind['new-control-point']!;
    expect(point.failures.map((f) => f.releaseIdentifier)).toEqual(['payments-2026.1', 'payments-2026.2', 'payments-2026.3']);
    expect(point.after).toMatchObject({ kind: 'control-point', controlId: null, stage: stronger.before ? point.after.stage : '' });
    expect(point.findings).toEqual([]);
  });

  it('accepting writes a draft of the next version whose publish reason names the findings, and publishing it works', () => {
    const core = testCore();
    const seeded = seedCycles(core);
    const item = listProposals(core).proposals.find((p) => p.kind === 'new-item')!;
    const accepted = acceptProposal(core, { key: item.key, note: '' });
    expect(accepted.decision).toMatchObject({ decision: 'accepted', templateId: seeded.templateId, proposalKey: item.key });
    const template = getTemplate(core, seeded.templateId);
    expect(template.hasUnpublishedChanges).toBe(true);
    expect(template.draft.items.map((i) => i.key)).toContain('RA-RFC-03');
    expect(listProposals(core).proposals.map((p) => p.key)).not.toContain(item.key);

    const { reason } = draftReason(core, seeded.templateId);
    for (const name of ['Rollback untested (cycle 1)', 'Rollback untested (cycle 2)', 'Rollback untested (cycle 3)']) {
      expect(reason).toContain(seeded.findings[name]!.id);
      expect(reason).toContain(`"${name}"`);
    }
    const version = publishTemplate(core, { id: seeded.templateId, reason });
    expect(version.version).toBe(2);
    expect(getVersion(core, version.id).reason).toBe(reason);
    expect(version.content.items.find((i) => i.key === 'RA-RFC-03')?.controlId).toBe('RA-RFC-03');
    // Once published, the reason is spent: the next draft starts with none.
    expect(draftReason(core, seeded.templateId).reason).toBe('');
    // The other proposals still stand, computed against the new draft.
    expect(listProposals(core).proposals.map((p) => p.kind).sort()).toEqual(['new-control-point', 'stronger-wording']);
  });

  it('refuses to decide a proposal twice, a decline without a reason, and an unknown proposal, in plain words', async () => {
    const core = testCore();
    seedCycles(core);
    const handlers = createHandlers(core);
    const [first] = listProposals(core).proposals;
    const empty = await dispatch(handlers, 'proposals.decline', { key: first!.key, reason: '  ' });
    expect(empty.ok ? null : empty.error.code).toBe('VALIDATION');
    declineProposal(core, { key: first!.key, reason: 'Covered by the CAB charter.' });
    const again = await dispatch(handlers, 'proposals.accept', { key: first!.key });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already declined by test-auditor') });
    const unknown = await dispatch(handlers, 'proposals.accept', { key: 'repeat:nothing' });
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });

  it('a declined proposal stays hidden on another laptop after sync, with its reason', async () => {
    const a = laptop('alice');
    const seeded = seedCycles(a);
    const point = listProposals(a).proposals.find((p) => p.kind === 'new-control-point')!;
    declineProposal(a, { key: point.key, reason: 'The CAB minutes are checked in the RFC stage already.' });
    const b = laptop('bob');
    for (const auditId of seeded.audits) await exchange(a, b, auditId);
    const there = listProposals(b);
    expect(there.decided).toEqual([expect.objectContaining({ proposalKey: point.key, decision: 'declined', reason: 'The CAB minutes are checked in the RFC stage already.', decidedBy: 'alice' })]);
    expect(there.proposals.map((p) => p.kind).sort()).toEqual(['new-item', 'stronger-wording']);
  });

  it('keeps a publish reason within the 2000 characters a version allows, saying how many findings it left out', () => {
    const findings = Array.from({ length: 60 }, (_, i) => ({ id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, auditId: '0190a000-0000-7000-8000-000000000000', auditName: 'Cycle', title: `Finding ${i}`, cause: 'c', status: 'open' }));
    const reason = publishReason('New item RA-RFC-03', findings, []);
    expect(reason.length).toBeLessThanOrEqual(2000);
    const cited = reason.match(/finding 0190a000/g)?.length ?? 0;
    expect(reason).toMatch(new RegExp(`; and ${60 - cited} more\\.$`));
    expect(publishReason('New item RA-RFC-03', findings.slice(0, 2), [])).toBe(
      `Template proposal accepted: New item RA-RFC-03. Behind it: finding ${findings[0]!.id} "Finding 0" (Cycle); finding ${findings[1]!.id} "Finding 1" (Cycle).`,
    );
  });
});
