import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { getPlan, savePlan } from '../plans/service';
import { createRelease } from '../releases/service';
import { listDrafts, runRules } from '../rules/drafts';

// The shipped rule EMG-SHARE drafts one finding for an audit whose emergency releases are a larger
// share of its releases than the threshold its plan sets: at the threshold exactly, nothing; above it, one.

function audit() {
  const core = testCore();
  const made = createAudit(core, { name: 'Q3 releases', description: '' });
  for (const [identifier, emergency, windowStart] of [
    ['pay-1', false, '2026-07-01T10:00:00.000Z'],
    ['pay-1.0.1', true, '2026-07-03T10:00:00.000Z'],
    ['pay-2', false, '2026-07-10T10:00:00.000Z'],
    ['pay-2.0.1', true, '2026-07-12T10:00:00.000Z'],
  ] as const) {
    createRelease(core, { auditId: made.id, identifier, system: 'Payments', emergency, windowStart, emergencyJustification: emergency ? 'Production outage' : '' });
  }
  return { core, auditId: made.id };
}

const shareDrafts = (core: ReturnType<typeof testCore>, auditId: string) => listDrafts(core, { auditId }).filter((d) => d.ruleId === 'EMG-SHARE');

describe('the emergency-share rule', () => {
  it('drafts nothing while the plan sets no threshold', () => {
    const { core, auditId } = audit();
    expect(getPlan(core, auditId).emergencyShareThresholdPercent).toBeNull();
    runRules(core, auditId);
    expect(shareDrafts(core, auditId)).toEqual([]);
  });

  it('drafts nothing at the threshold exactly: 2 of 4 releases = 50 %, threshold 50 %', () => {
    const { core, auditId } = audit();
    savePlan(core, { auditId, emergencyShareThresholdPercent: 50 });
    runRules(core, auditId);
    expect(shareDrafts(core, auditId)).toEqual([]);
  });

  it('drafts one finding above it (50 % against 49.9 %), on the newest emergency release, and only once', () => {
    const { core, auditId } = audit();
    savePlan(core, { auditId, emergencyShareThresholdPercent: 49.9 });
    runRules(core, auditId);
    const drafts = shareDrafts(core, auditId);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ severity: 'major', controlId: 'RA-EMG-07', title: "Emergency releases are 50% of the audit's releases, above the plan's 49.9%" });
    expect(drafts[0]?.condition).toBe("2 of the audit's 4 releases went through the emergency path (50%), the newest being pay-2.0.1; the plan tolerates 49.9%.");
    runRules(core, auditId);
    expect(shareDrafts(core, auditId)).toHaveLength(1);
  });

  it('refuses a threshold outside 0–100 with a plain message', () => {
    const { core, auditId } = audit();
    expect(() => savePlan(core, { auditId, emergencyShareThresholdPercent: 120 })).toThrow('Emergency share threshold must be at most 100');
  });
});
