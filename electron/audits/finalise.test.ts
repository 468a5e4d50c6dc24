import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createFinding } from '../findings/service';
import { createRelease, saveRunbook } from '../releases/service';
import { getPlan, savePlan } from '../plans/service';
import { incompleteWork } from './lifecycle';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { addEntry } from '../warroom/service';
import { amendAudit, createAudit, finaliseAudit, listAmendments } from './service';
import { conclude } from '../../tests/helpers/conclude';

describe('finalising an audit', () => {
  it('freezes every record of it in the database; corrections become amendments', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1' });
    saveRunbook(core, release.id, [{ title: 'Deploy', plannedStart: null, plannedEnd: null, owner: '', parameters: {}, contacts: '' }]);
    savePlan(core, { auditId: audit.id, objective: 'Check Q4' });
    expect(() => amendAudit(core, { auditId: audit.id, reason: 'r', text: 't' })).toThrow(/Only a finalised audit/);
    conclude(core, audit.id);
    const finalised = finaliseAudit(core, audit.id);
    expect(finalised).toMatchObject({ status: 'finalised', finalisedAt: expect.any(String) });

    // Through the services…
    const handlers = createHandlers(core);
    for (const [method, input] of [
      ['plans.save', { auditId: audit.id, objective: 'Rewritten' }],
      ['releases.update', { id: release.id, system: 'Other' }],
      ['releases.create', { auditId: audit.id, identifier: 'R2' }],
      ['warroom.add', { releaseId: release.id, kind: 'note', body: { text: 'late note' } }],
      ['findings.create', { auditId: audit.id, title: 'Late finding' }],
    ] as const) {
      const result = await dispatch(handlers, method, input);
      expect(result.ok, method).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/finalised/) });
    }
    // …and behind their back: the database itself refuses.
    const raw = new Database(core.layout.databaseFile);
    expect(() => raw.prepare("UPDATE releases SET system = 'x'").run()).toThrow(/finalised/);
    expect(() => raw.prepare('DELETE FROM runbook_steps').run()).toThrow(/finalised/);
    expect(() => raw.prepare("UPDATE audits SET name = 'x'").run()).toThrow(/finalised/);
    expect(() => raw.prepare('DELETE FROM audit_plans').run()).toThrow(/finalised/);
    raw.close();

    const amendment = amendAudit(core, { auditId: audit.id, reason: 'Typo in the release identifier', text: 'R1 is PAY-2026.11.3' });
    expect(amendment).toMatchObject({ author: 'test-auditor', reason: 'Typo in the release identifier' });
    expect(listAmendments(core, audit.id)).toHaveLength(1);
    expect(() => addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'x' } })).toThrow(/finalised/);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('waits until no finding is still a draft', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    createFinding(core, { auditId: audit.id, title: 'Half written' });
    expect(() => finaliseAudit(core, audit.id)).toThrow(/1 finding\(s\) are still drafts/);
  });

  it('refuses in plain words until the overall conclusion is written, and then freezes it with the audit', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    expect(incompleteWork(core, audit.id).noConclusion).toBe(true);
    expect(() => finaliseAudit(core, audit.id)).toThrow(/no overall conclusion yet: write its rating and paragraph under “Finalise the audit…” on the Reports screen/);
    // A rating without its paragraph is not a conclusion.
    savePlan(core, { auditId: audit.id, conclusionRating: 'needs-improvement', conclusionText: '   ' });
    expect(() => finaliseAudit(core, audit.id)).toThrow(/no overall conclusion/);
    savePlan(core, { auditId: audit.id, conclusionText: 'Two releases skipped the CAB.' });
    expect(incompleteWork(core, audit.id).noConclusion).toBe(false);
    expect(finaliseAudit(core, audit.id).status).toBe('finalised');
    expect(() => savePlan(core, { auditId: audit.id, conclusionRating: 'satisfactory' })).toThrow(/finalised/);
    expect(getPlan(core, audit.id)).toMatchObject({ conclusionRating: 'needs-improvement', conclusionText: 'Two releases skipped the CAB.' });
  });
});
