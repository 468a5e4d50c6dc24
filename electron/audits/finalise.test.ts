import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { createFinding } from '../findings/service';
import { createRelease, saveRunbook } from '../releases/service';
import { savePlan } from '../plans/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { addEntry } from '../warroom/service';
import { amendAudit, createAudit, finaliseAudit, listAmendments } from './service';

describe('finalising an audit', () => {
  it('freezes every record of it in the database; corrections become amendments', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Q4', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1' });
    saveRunbook(core, release.id, [{ title: 'Deploy', plannedStart: null, plannedEnd: null, owner: '', parameters: {}, contacts: '' }]);
    savePlan(core, { auditId: audit.id, objective: 'Check Q4' });
    expect(() => amendAudit(core, { auditId: audit.id, reason: 'r', text: 't' })).toThrow(/Only a finalised audit/);
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
});
