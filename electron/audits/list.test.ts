import { describe, expect, it } from 'vitest';
import { recordResult } from '../checklist/service';
import { savePlan } from '../plans/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { testCore } from '../../tests/helpers/temp';
import { createAudit, getAudit, listAudits, pinTemplate } from './service';

// The audits list is read in one query (status inputs, plan rules and pinned version with each
// row), and gives every audit exactly as reading it alone does.

describe('the audits list', () => {
  it('gives each audit as getAudit does: status from its work, pinned version, breached thresholds', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const plain = createAudit(core, { name: 'Plain', description: '' });
    const pinned = createAudit(core, { name: 'Pinned, with a failed item', description: 'd' });
    pinTemplate(core, pinned.id, DEFAULT_TEMPLATE_V1_ID);
    const item = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items[0]!;
    recordResult(core, { auditId: pinned.id, itemKey: item.key, result: 'fail', note: '' });
    savePlan(core, {
      auditId: pinned.id,
      escalationRules: [
        { key: 'a', metric: 'failed-checklist-items', operator: '>=', threshold: 1, note: '' },
        { key: 'b', metric: 'emergency-releases', operator: '>=', threshold: 1, note: '' },
      ],
    });
    const ruled = createAudit(core, { name: 'Rules, none breached', description: '' });
    savePlan(core, { auditId: ruled.id, escalationRules: [{ key: 'a', metric: 'failed-checklist-items', operator: '>', threshold: 3, note: '' }] });
    const listed = listAudits(core);
    expect(listed.map((a) => a.id)).toEqual([ruled.id, pinned.id, plain.id].sort().reverse());
    for (const audit of listed) expect(audit).toEqual(getAudit(core, audit.id));
    expect(listed.find((a) => a.id === pinned.id)).toMatchObject({ status: 'fieldwork', breaches: 1, pinnedTemplate: { versionId: DEFAULT_TEMPLATE_V1_ID, version: 1 } });
    expect(listed.find((a) => a.id === plain.id)).toMatchObject({ status: 'planning', breaches: 0, pinnedTemplate: null });
  });
});
