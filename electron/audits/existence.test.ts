import { describe, expect, it } from 'vitest';
import { addEvidenceText, listEvidence } from '../evidence/service';
import { savePlan } from '../plans/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { statementsOf, touching } from '../../tests/helpers/statements';
import { testCore } from '../../tests/helpers/temp';
import { createAudit, pinTemplate } from './service';

// Evidence only needs to know that its audit exists: one indexed query, not the whole audit (its
// pinned template, its status inputs and every escalation rule evaluated).

describe('checking that an audit exists', () => {
  it('costs one query on audits when evidence is listed or added, whatever the audit pins or plans', async () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const audit = createAudit(core, { name: 'Payments 4.2', description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    savePlan(core, { auditId: audit.id, escalationRules: [{ key: 'a', metric: 'emergency-releases', operator: '>=', threshold: 1, note: '' }] });
    await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'Change approved by CAB', sourceSystem: 'Jira', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    const listed = statementsOf(core, () => listEvidence(core, audit.id));
    expect(listed.result).toHaveLength(1);
    expect(listed.statements).toHaveLength(2);
    expect(touching(listed.statements, 'audits')).toHaveLength(1);
    for (const table of ['audit_plans', 'template_versions', 'checklist_results', 'reports', 'releases', 'findings']) expect(touching(listed.statements, table)).toEqual([]);
    expect(listed.changes).toBe(0);
    // Adding: the existence check is the only read of the audit, before the file is stored.
    const added = statementsOf(core, () => addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'Second note', sourceSystem: 'Jira', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] }));
    await added.result;
    expect(touching(added.statements, 'audit_plans')).toEqual([]);
    expect(touching(added.statements, 'template_versions')).toEqual([]);
    // An unknown audit is refused in the same words as before.
    expect(() => listEvidence(core, 'no-such-audit')).toThrow('There is no audit with the id no-such-audit.');
  });
});
