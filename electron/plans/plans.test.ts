import { describe, expect, it } from 'vitest';
import { createAudit, getAudit, pinTemplate } from '../audits/service';
import { recordResult } from '../checklist/service';
import { evaluateRules } from '../escalation/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { getPlan, savePlan } from './service';

function plannedAudit() {
  const core = testCore();
  ensureDefaultTemplate(core);
  const audit = createAudit(core, { name: 'Q4 production releases', description: '' });
  return { core, audit };
}

describe('audit plan', () => {
  it('starts empty and saves every part of the plan through the ledger', async () => {
    const { core, audit } = plannedAudit();
    // The plan is made, empty, with the audit.
    const empty = getPlan(core, audit.id);
    expect(empty).toMatchObject({ auditId: audit.id, objective: '', scopeMode: 'all-releases', updatedAt: audit.createdAt });
    const saved = savePlan(core, {
      auditId: audit.id,
      objective: 'Confirm Q4 production releases followed change control.',
      scopeMode: 'high-risk',
      riskCriteria: 'Production-critical payment services; customer-facing outage risk.',
      environmentsIn: ['production'],
      environmentsOut: ['development'],
      preProductionIncluded: true,
      thirdPartyIntegrations: ['Stripe'],
      vendorTeams: ['Offshore ops (Pune)'],
      announced: false,
      scheduleStart: '2026-12-01',
      scheduleEnd: '2026-12-19',
      regulatoryDrivers: [{ id: 'SOX', name: 'SOX ITGC', adds: 'Segregation of duties.' }],
      successCriteria: [{ kind: 'rollback-readiness', description: 'Every release has a tested backout plan.' }],
      findingOwners: [{ role: 'Release Manager', person: 'A. Rivera' }],
      accessRequests: [{ key: 'a1', dataSource: 'cmdb', description: 'Read-only CMDB', requestedOn: '2026-11-20', requestedFrom: 'IT Ops', grantedOn: '2026-11-22', grantedBy: 'J. Chen' }],
    });
    expect(saved.updatedAt).not.toBeNull();
    expect(getPlan(core, audit.id)).toEqual(saved);
    const entries = core.sqlite.prepare("SELECT op, fields FROM ledger WHERE entity = 'audit_plans' ORDER BY seq").all() as Array<{ op: string; fields: string }>;
    expect(entries.map((e) => e.op)).toEqual(['insert', 'update']);
    // Each save writes only the fields that changed, so saves of other fields never collide.
    const firstSave = Object.keys(JSON.parse(entries[1]!.fields) as object);
    expect(firstSave).toContain('objective');
    for (const untouched of ['escalationRules', 'haltThresholdPercent', 'rtoTargetMinutes', 'scheduleNotes']) expect(firstSave).not.toContain(untouched);
    savePlan(core, { auditId: audit.id, objective: 'Sharper objective.' });
    const updates = core.sqlite.prepare("SELECT fields FROM ledger WHERE entity = 'audit_plans' AND op = 'update' ORDER BY seq").all() as Array<{ fields: string }>;
    expect(Object.keys(JSON.parse(updates[1]!.fields) as object).sort()).toEqual(['objective', 'updatedAt']);
    expect((await verifyAll(core)).ok).toBe(true);
  });

  it('refuses an escalation rule on an unknown metric and a schedule that ends before it starts', () => {
    const { core, audit } = plannedAudit();
    expect(() => savePlan(core, { auditId: audit.id, escalationRules: [{ key: 'r', metric: 'moon-phase', operator: '>=', threshold: 1, note: '' }] })).toThrow(
      'escalationRules.0.metric: there is no metric called "moon-phase".',
    );
    expect(() => savePlan(core, { auditId: audit.id, scheduleStart: '2026-12-10', scheduleEnd: '2026-12-01' })).toThrow(/ends before it starts/);
    expect(getPlan(core, audit.id).updatedAt).toBe(audit.createdAt);
    // One field at a time, as the screen saves them.
    savePlan(core, { auditId: audit.id, scheduleStart: '2026-12-10' });
    expect(() => savePlan(core, { auditId: audit.id, scheduleEnd: '2026-12-01' })).toThrow(/ends before it starts/);
    const access = { key: 'a', dataSource: 'cmdb' as const, description: '', requestedOn: '2026-11-20', requestedFrom: '', grantedOn: '2026-11-10', grantedBy: 'x' };
    expect(() => savePlan(core, { auditId: audit.id, accessRequests: [access] })).toThrow(/granted before it was requested/);
    const rule = { key: 'r', metric: 'failed-checklist-items', operator: '>=' as const, threshold: 1, note: '' };
    expect(() => savePlan(core, { auditId: audit.id, escalationRules: [rule, rule] })).toThrow(/"r" appears twice/);
  });
});

describe('escalation thresholds', () => {
  it('breach as the audit data grows, and the audit shows it', () => {
    const { core, audit } = plannedAudit();
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    savePlan(core, {
      auditId: audit.id,
      escalationRules: [
        { key: 'unapproved', metric: 'failed-rfc-approval-checks', operator: '>=', threshold: 3, note: '3 or more unapproved changes' },
        { key: 'rollback', metric: 'failed-rollback-tests', operator: '>=', threshold: 1, note: 'any failed rollback test' },
      ],
    });
    expect(evaluateRules(core, audit.id).map((e) => e.breached)).toEqual([false, false]);
    expect(getAudit(core, audit.id).breaches).toBe(0);

    const items = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items;
    const rfc = items.filter((i) => i.stage === 'rfc-approval');
    const rollback = items.find((i) => i.stage === 'rollback')!;
    recordResult(core, { auditId: audit.id, itemKey: rollback.key, result: 'fail', note: 'Backout not rehearsed' });
    for (const item of rfc.slice(0, 2)) recordResult(core, { auditId: audit.id, itemKey: item.key, result: 'fail', note: '' });
    const midway = evaluateRules(core, audit.id);
    expect(midway.map((e) => [e.observed, e.breached])).toEqual([[2, false], [1, true]]);
    expect(midway[1]?.sentence).toBe('Failed rollback tests: 1 (escalate at 1 or more) — threshold breached');

    recordResult(core, { auditId: audit.id, itemKey: rfc[2]!.key, result: 'fail', note: '' });
    recordResult(core, { auditId: audit.id, itemKey: rfc[0]!.key, result: 'fail', note: 'still failing' });
    expect(evaluateRules(core, audit.id).map((e) => [e.observed, e.breached])).toEqual([[3, true], [1, true]]);
    expect(getAudit(core, audit.id).breaches).toBe(2);
  });

  it('refuses results for items the pinned template does not have', () => {
    const { core, audit } = plannedAudit();
    expect(() => recordResult(core, { auditId: audit.id, itemKey: 'RA-RFC-01', result: 'fail', note: '' })).toThrow(/Pin a checklist template/);
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    expect(() => recordResult(core, { auditId: audit.id, itemKey: 'NOPE', result: 'fail', note: '' })).toThrow(/"NOPE" is not an item of v1/);
  });
});
