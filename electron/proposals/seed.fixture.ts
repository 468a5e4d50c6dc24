import { createAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { loadLibrary } from '../library/library';
import { createRelease } from '../releases/service';
import { transact, type Core } from '../services';
import { libraryItems } from '../templates/default-template';
import { createTemplate, publishTemplate, saveDraft } from '../templates/service';

// Three audit cycles on one lean template (RA-RFC-01 and RA-RFC-02 only), seeded so that by hand:
// - RA-RFC-01 has the cause "approval missing before the window" in cycles 1 and 2 (2 audits: stronger wording);
// - RA-RFC-03, not in the template, has "rollback plan never tested" in all three (a new item);
// - RA-RFC-04 has its cause in cycle 3 only, and a draft copy in cycle 2 (a draft does not count: nothing);
// - RA-RFC-02 failed on a release of each cycle (3 releases: a new control point);
// - RA-RFC-01 failed on two releases only (below the threshold: nothing).

export interface Seeded {
  templateId: string;
  audits: string[];
  findings: Record<string, { id: string; title: string; audit: number }>;
  releases: string[];
}

export function seedCycles(core: Core): Seeded {
  const items = libraryItems(loadLibrary(core.appRoot)).filter((i) => i.controlId === 'RA-RFC-01' || i.controlId === 'RA-RFC-02');
  const template = createTemplate(core, { name: 'Lean release checklist', description: 'Two controls.', fromLibrary: false });
  saveDraft(core, { id: template.id, draft: { items, deviations: [] } });
  const version = publishTemplate(core, { id: template.id, reason: 'First version.' });
  const seeded: Seeded = { templateId: template.id, audits: [], findings: {}, releases: [] };
  const finding = (auditIndex: number, name: string, controlId: string, cause: string, status = 'open') => {
    const auditId = seeded.audits[auditIndex] as string;
    const createdAt = new Date(Date.UTC(2026, auditIndex * 3, 2)).toISOString();
    const row = transact(core, (records) =>
      records.insert('findings', {
        id: crypto.randomUUID(), auditId, title: name, severity: 'major', status, controlId, stage: null, criteria: 'c', condition: 'c', cause, effect: 'e',
        recommendation: 'r', ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null, createdAt, updatedAt: createdAt,
      }),
    );
    seeded.findings[name] = { id: row.id, title: name, audit: auditIndex };
  };
  for (let cycle = 0; cycle < 3; cycle += 1) {
    const audit = createAudit(core, { name: `Cycle ${cycle + 1}`, description: '' });
    core.sqlite.prepare('UPDATE audits SET created_at = ? WHERE id = ?').run(new Date(Date.UTC(2026, cycle * 3, 1)).toISOString(), audit.id);
    pinTemplate(core, audit.id, version.id);
    seeded.audits.push(audit.id);
    const release = createRelease(core, { auditId: audit.id, identifier: `payments-2026.${cycle + 1}`, windowStart: new Date(Date.UTC(2026, cycle * 3, 10)).toISOString() });
    seeded.releases.push(release.id);
    recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-02', result: 'fail', note: `no CAB minutes in cycle ${cycle + 1}` });
    recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey: 'RA-RFC-01', result: cycle < 2 ? 'fail' : 'pass', note: '' });
  }
  finding(0, 'Approval missing (cycle 1)', 'RA-RFC-01', 'approval missing before the window');
  finding(1, 'Approval missing again (cycle 2)', 'RA-RFC-01', 'approval was missing before the window');
  finding(0, 'Rollback untested (cycle 1)', 'RA-RFC-03', 'rollback plan never tested');
  finding(1, 'Rollback untested (cycle 2)', 'RA-RFC-03', 'rollback plan never tested');
  finding(2, 'Rollback untested (cycle 3)', 'RA-RFC-03', 'the rollback plan was never tested');
  finding(1, 'Draft only (cycle 2)', 'RA-RFC-04', 'peer review skipped for hotfix', 'draft');
  finding(2, 'Peer review skipped (cycle 3)', 'RA-RFC-04', 'peer review skipped for hotfix');
  return seeded;
}
