import { describe, expect, it } from 'vitest';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { fixture, real, realworldDir, scratchDir, writeScratch } from '../imports/test-files';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { listDrafts, runRules } from './drafts';
import { importReal } from './facts.fixture';
import { defaultPackSource, DEFAULT_PACK_ID, pinPack, savePackVersion } from './packs';

// The approval, window, emergency and re-run rules on files: the ServiceNow emergency change written
// for the importer tests (CHG0040217, approved 23:42:10 UTC, planned 23:30–01:00) and Jenkins logs of
// the hotfix's deployment written here with the Timestamper plugin's UTC stamps.

const jenkins = (first: string[], start: string, result: 'SUCCESS' | 'FAILURE') => {
  const at = (offsetSeconds: number) => `[${new Date(Date.parse(start) + offsetSeconds * 1000).toISOString()}]`;
  return [
    ...first.map((line) => `${at(0)} ${line}`),
    `${at(0)} Running as SYSTEM`,
    `${at(1)} [Pipeline] Start of Pipeline`,
    `${at(1)} [Pipeline] node`,
    `${at(2)} Running on deploy-agent-eu-03 in /var/lib/jenkins/workspace/payments-hotfix`,
    `${at(2)} [Pipeline] {`,
    `${at(2)} [Pipeline] stage`,
    `${at(2)} [Pipeline] { (Checkout)`,
    `${at(4)} Checking out Revision 1f2e3d4c5b6a79880716253443526170f8e9d0c1 (refs/remotes/origin/hotfix/PAY-1432-token-timeouts)`,
    `${at(5)} [Pipeline] }`,
    `${at(5)} [Pipeline] // stage`,
    `${at(5)} [Pipeline] stage`,
    `${at(5)} [Pipeline] { (Deploy)`,
    `${at(9)} + ./deploy.sh payments-api 4.12.1 prod-eu-west`,
    `${at(300)} Deployed payments-api 4.12.1 to 6 of 6 pods`,
    `${at(301)} [Pipeline] }`,
    `${at(301)} [Pipeline] // stage`,
    `${at(302)} [Pipeline] }`,
    `${at(302)} [Pipeline] // node`,
    `${at(302)} [Pipeline] End of Pipeline`,
    `${at(303)} Finished: ${result}`,
    '',
  ].join('\n');
};

async function hotfix(core: Core, release: { emergencyJustification?: string; postFactoApprovedAt?: string | null; windowStart?: string; windowEnd?: string } = {}) {
  const audit = createAudit(core, { name: 'Payments hotfixes', description: '' });
  const created = createRelease(core, {
    auditId: audit.id, identifier: 'payments-api 4.12.1', emergency: true, windowStart: '2026-11-30T23:30:00.000Z', windowEnd: '2026-12-01T01:00:00.000Z', ...release,
  });
  await importReal(core, audit.id, created.id, fixture('servicenow-change-raw.json'));
  return { audit, release: created };
}

const rulesDrafted = (core: Core, auditId: string) => listDrafts(core, { auditId }).map((d) => d.ruleId).sort();

describe('approval, window, emergency and re-run rules on files', () => {
  it('a hotfix deployed before its emergency approval, with no justification, re-run by hand mid-deployment', async () => {
    const core = testCore();
    const { audit, release } = await hotfix(core);
    const dir = scratchDir();
    await importReal(core, audit.id, release.id, writeScratch(dir, 'payments-hotfix-57.log', jenkins(['Started by user Priya Raman'], '2026-11-30T23:35:02.114Z', 'FAILURE')));
    await importReal(core, audit.id, release.id, writeScratch(dir, 'payments-hotfix-58.log', jenkins(['Started by user Tom Baker', 'Replayed #57'], '2026-11-30T23:38:30.000Z', 'SUCCESS')));
    runRules(core, audit.id);
    expect(rulesDrafted(core, audit.id)).toEqual(['DEP-BEFORE-APPROVAL', 'DEP-BEFORE-APPROVAL', 'EMG-NO-JUSTIFICATION', 'RUN-FAILED', 'RUN-MANUAL-RERUN']);
    const drafts = listDrafts(core, { auditId: audit.id });
    const before = drafts.find((d) => d.ruleId === 'DEP-BEFORE-APPROVAL' && d.condition.includes('23:35:02'));
    expect(before?.condition).toBe('The jenkins run started at 2026-11-30T23:35:02.114Z but change CHG0040217 was approved at 2026-11-30T23:42:10.000Z by (not stated).');
    expect(before?.proof.map((p) => [p.kind, p.lines])).toEqual([['run', [1, 21]], ['approval', [2, 25]], ['change', [2, 25]]]);
    const rerun = drafts.find((d) => d.ruleId === 'RUN-MANUAL-RERUN');
    expect(rerun?.title).toBe('Pipeline re-run by hand during the deployment by Tom Baker');
    expect(drafts.find((d) => d.ruleId === 'EMG-NO-JUSTIFICATION')?.proof.map((p) => p.kind)).toEqual(['change', 'run']);
  });

  it('the same hotfix done right: justified, deployed after approval inside the window, re-run by a release manager', async () => {
    const core = testCore();
    const { audit, release } = await hotfix(core, { emergencyJustification: 'Card tokenisation failing for 12% of payments since 22:50 (INC0041877).' });
    const text = defaultPackSource(core.appRoot).replace('    release-manager: []', '    release-manager: [Tom Baker]');
    const version = savePackVersion(core, { text: text.replace('schema: release-audit/rule-pack@1', `schema: release-audit/rule-pack@1\nid: ${DEFAULT_PACK_ID}`), fileName: 'default-pack.yaml', reason: 'Tom Baker is release manager' });
    pinPack(core, audit.id, version.id);
    const dir = scratchDir();
    await importReal(core, audit.id, release.id, writeScratch(dir, 'payments-hotfix-57.log', jenkins(['Started by user Priya Raman'], '2026-11-30T23:44:02.114Z', 'SUCCESS')));
    await importReal(core, audit.id, release.id, writeScratch(dir, 'payments-hotfix-58.log', jenkins(['Started by user Tom Baker', 'Replayed #57'], '2026-11-30T23:46:30.000Z', 'SUCCESS')));
    expect(runRules(core, audit.id)).toMatchObject({ version: 2, drafted: 0 });
  });

  it('an emergency approved after the fact 36 hours later drafts; 20 hours later does not', async () => {
    const late = testCore();
    const one = await hotfix(late, { emergencyJustification: 'INC0041877', postFactoApprovedAt: '2026-12-02T11:44:00.000Z' });
    const dir = scratchDir();
    await importReal(late, one.audit.id, one.release.id, writeScratch(dir, 'a.log', jenkins(['Started by user Priya Raman'], '2026-11-30T23:44:00.000Z', 'SUCCESS')));
    runRules(late, one.audit.id);
    expect(rulesDrafted(late, one.audit.id)).toEqual(['EMG-LATE-APPROVAL']);
    const inTime = testCore();
    const two = await hotfix(inTime, { emergencyJustification: 'INC0041877', postFactoApprovedAt: '2026-12-01T19:44:00.000Z' });
    await importReal(inTime, two.audit.id, two.release.id, writeScratch(dir, 'b.log', jenkins(['Started by user Priya Raman'], '2026-11-30T23:44:00.000Z', 'SUCCESS')));
    expect(runRules(inTime, two.audit.id)).toMatchObject({ drafted: 0 });
  });

  it.skipIf(!realworldDir)('the real Jenkins log started outside the window the release planned, and inside it', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Library releases', description: '' });
    const outside = createRelease(core, { auditId: audit.id, identifier: 'planned the next day', windowStart: '2019-05-24T16:00:00.000Z', windowEnd: '2019-05-24T18:00:00.000Z' });
    const inside = createRelease(core, { auditId: audit.id, identifier: 'planned that afternoon', windowStart: '2019-05-23T16:30:00.000Z', windowEnd: '2019-05-23T18:00:00.000Z' });
    await importReal(core, audit.id, outside.id, real('jenkins-pipeline-log.txt'));
    await importReal(core, audit.id, inside.id, real('jenkins-pipeline-log.txt'));
    runRules(core, audit.id);
    const window = listDrafts(core, { auditId: audit.id }).filter((d) => d.ruleId === 'DEP-OUTSIDE-WINDOW');
    expect(window.map((d) => d.releaseId)).toEqual([outside.id]);
    expect(window[0]?.condition).toContain('started at 2019-05-23T16:37:45.180Z, outside the planned window 2019-05-24T16:00:00.000Z – 2019-05-24T18:00:00.000Z');
  });
});
