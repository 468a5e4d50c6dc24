import { describe, expect, it } from 'vitest';
import { recordResult } from '../checklist/service';
import { createFinding, raiseFromResult } from '../findings/service';
import { createRelease } from '../releases/service';
import { addEntry } from '../warroom/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { testCore } from '../../tests/helpers/temp';
import { incompleteWork } from './lifecycle';
import { createAudit, finaliseAudit, getAudit, moveAuditStatus, pinTemplate } from './service';
import { conclude } from '../../tests/helpers/conclude';

describe("an audit's life", () => {
  it('moves to fieldwork as work happens, forward by the auditor, never back past its records', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const audit = createAudit(core, { name: 'Q4', description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    expect(getAudit(core, audit.id).status).toBe('planning');
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1' });
    recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
    expect(getAudit(core, audit.id).status).toBe('fieldwork');
    expect(() => moveAuditStatus(core, audit.id, 'planning')).toThrow("The audit's records already show fieldwork: it cannot move back to planning.");
    expect(moveAuditStatus(core, audit.id, 'reporting').status).toBe('reporting');
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    expect(() => moveAuditStatus(core, audit.id, 'reporting')).toThrow(/finalised/);
  });

  it('lists what is incomplete before finalising, and reads only', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const audit = createAudit(core, { name: 'Q4', description: '' });
    expect(incompleteWork(core, audit.id)).toMatchObject({ noRelease: true, noChecklist: true });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1' });
    recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: 'pass', note: '' });
    const failed = recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-02', result: 'fail', note: 'no CAB' });
    recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-03', result: 'fail', note: '' });
    raiseFromResult(core, failed.id);
    createFinding(core, { auditId: audit.id, title: 'Backout plan untested' });
    const before = core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get();
    const open = incompleteWork(core, audit.id);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual(before);
    expect(open.itemsWithoutResult).toHaveLength(67);
    expect(open.itemsWithoutResult[0]).toMatchObject({ release: 'R1', itemKey: expect.any(String) });
    expect(open.failedWithoutFinding).toEqual([{ release: 'R1', itemKey: 'RA-RFC-03', title: expect.any(String) }]);
    expect(open.draftFindings.map((f) => f.title)).toHaveLength(2);
    expect(open.findingsNotClosed).toEqual([]);
  });

  it('shows fieldwork from the first war-room entry too, and keeps the auditor\'s move forward', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'By war room', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'R2' });
    expect(getAudit(core, audit.id).status).toBe('planning');
    addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'Window opened' } });
    expect(getAudit(core, audit.id).status).toBe('fieldwork');
    moveAuditStatus(core, audit.id, 'reporting');
    addEntry(core, { releaseId: release.id, kind: 'note', body: { text: 'Late note' } });
    expect(getAudit(core, audit.id).status).toBe('reporting');
  });
});
