import { describe, expect, it } from 'vitest';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { createAudit } from '../audits/service';
import { createRelease } from '../releases/service';
import { verifyAll } from '../system/verify';
import { confirmDraft, dismissDraft, listDrafts, runRules } from './drafts';
import { storeFacts } from './facts.fixture';
import { defaultPackSource, ensureDefaultRulePack, pinnedPack, pinPack, savePackVersion } from './packs';

// Packs, pins and drafts are records like any other: an audit's bundle carries its pin, the pack
// version it names and its drafts (with the auditor's decisions) to another laptop, and back.

const log = [
  '[2026-11-30T23:35:02.114Z] Started by user Priya Raman',
  '[2026-11-30T23:35:03.000Z] [Pipeline] Start of Pipeline',
  '[2026-11-30T23:41:12.500Z] ERROR: script returned exit code 1',
  '[2026-11-30T23:41:13.000Z] Finished: FAILURE',
  '',
].join('\n');

describe('rule records between laptops', () => {
  it('travel in the audit bundle: the pinned version, the drafts and their decisions', async () => {
    const a = laptop('Ana Ortiz');
    const b = laptop('Ben Okoro');
    for (const core of [a, b]) ensureDefaultRulePack(core);
    const audit = createAudit(a, { name: 'Payments hotfixes', description: '' });
    const release = createRelease(a, { auditId: audit.id, identifier: 'payments-api 4.12.1', windowStart: '2026-11-30T23:30:00.000Z', windowEnd: '2026-12-01T01:00:00.000Z' });
    const team = savePackVersion(a, { text: defaultPackSource(a.appRoot).replace('name: Release Audit — default rules', 'name: Payments rules'), fileName: 'payments.yaml', reason: '' });
    pinPack(a, audit.id, team.id);
    await storeFacts(a, {
      auditId: audit.id, releaseId: release.id, fileName: 'payments-hotfix-57.log', content: log, kind: 'jenkins',
      facts: [{ kind: 'run', lines: [1, 4], tool: 'jenkins', name: null, result: 'failure', startedAt: { text: '2026-11-30T23:35:02.114Z', utc: '2026-11-30T23:35:02.114Z', offset: 'Z', zone: 'stated' }, endedAt: { text: '2026-11-30T23:41:13.000Z', utc: '2026-11-30T23:41:13.000Z', offset: 'Z', zone: 'stated' }, triggeredBy: 'user Priya Raman', worker: null }],
    });
    expect(runRules(a, audit.id)).toMatchObject({ packName: 'Payments rules', drafted: 1 });
    const [draft] = listDrafts(a, { auditId: audit.id });
    dismissDraft(a, draft?.id as string, 'Failed before touching production; re-run 58 deployed it.');

    await exchange(a, b, audit.id);
    expect(pinnedPack(b, audit.id)).toMatchObject({ packVersionId: team.id, packName: 'Payments rules', pinned: true });
    expect(listDrafts(b, { auditId: audit.id })).toEqual(listDrafts(a, { auditId: audit.id }));
    const tables = ['rule_packs', 'rule_pack_versions', 'audit_rule_pins', 'rule_drafts'];
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    // Running on the other laptop drafts nothing new: the match was drafted (and dismissed) already.
    expect(runRules(b, audit.id)).toMatchObject({ drafted: 0, alreadyDrafted: 1 });
    expect(() => confirmDraft(b, draft?.id as string)).toThrow(/already dismissed by Ana Ortiz/);
    expect((await verifyAll(a)).ok).toBe(true);
    expect((await verifyAll(b)).ok).toBe(true);
  });
});
