import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JudgementStatus, MaturityPractice } from '../../shared/api/maturity';
import { conclude } from '../../tests/helpers/conclude';
import { testCore } from '../../tests/helpers/temp';
import { createAudit, finaliseAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { getAssessment, judgeCriterion, maturityHistory } from './assessment';
import { practiceLevel } from './level';
import { parseModelFile } from './model-file';
import { diffModelVersions, exportModel, listModels, publishModel, saveModelDraft } from './service';

// The maturity rule on real data folders: levels at each boundary, what versioning keeps, frozen
// assessments, and model files refused with their line.

const itilOf = (core: ReturnType<typeof testCore>) => listModels(core).find((m) => m.key === 'itil4')!;
const cobitOf = (core: ReturnType<typeof testCore>) => listModels(core).find((m) => m.key === 'cobit2019')!;

function judgeAll(core: ReturnType<typeof testCore>, auditId: string, modelId: string, practiceId: string, upTo: number, except: string[] = []) {
  const practice = getAssessment(core, auditId, modelId).practices.find((p) => p.id === practiceId)!;
  for (const level of practice.levels.filter((l) => l.level <= upTo)) {
    for (const c of level.criteria) judgeCriterion(core, { auditId, modelId, criterionId: c.id, status: except.includes(c.id) ? 'not-met' : 'met', note: '', evidenceIds: [] });
  }
}

describe('the level rule', () => {
  it('counts a level only when its criteria and those of every level below are met, at each boundary', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Cycle 1', description: '' });
    const cobit = cobitOf(core);
    const bai06 = () => getAssessment(core, audit.id, cobit.id).practices.find((p) => p.id === 'bai06')!;
    // COBIT: nothing judged is level 0, the floor, with level 1's criteria as the gap.
    expect(bai06().level).toBe(0);
    expect(bai06().gap.map((c) => c.id)).toEqual(['bai06-1-log', 'bai06-1-authorise', 'bai06-1-emergency']);
    // Everything of levels 1-3 met but one criterion of level 2 not: level 1 (L-2 from the 3 met).
    judgeAll(core, audit.id, cobit.id, 'bai06', 3, ['bai06-2-track']);
    expect(bai06().level).toBe(1);
    expect(bai06().gap.map((c) => c.id)).toEqual(['bai06-2-track']);
    // That one met: level 3; one of level 1 not met: back to the floor although 2 and 3 are met.
    judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'bai06-2-track', status: 'met', note: '', evidenceIds: [] });
    expect(bai06().level).toBe(3);
    judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'bai06-1-log', status: 'not-assessed', note: '', evidenceIds: [] });
    expect(bai06().level).toBe(0);
    expect(bai06().gap.map((c) => c.id)).toEqual(['bai06-1-log']);
    // All five levels met: the top, with no next level and no gap.
    judgeAll(core, audit.id, cobit.id, 'bai06', 5);
    expect(bai06()).toMatchObject({ level: 5, nextLevel: null, gap: [], levelTitle: 'Optimizing' });
  });

  it('keeps an ITIL practice with nothing met at level 1, the floor of the ITIL scale', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Cycle 1', description: '' });
    const itil = itilOf(core);
    const ce = () => getAssessment(core, audit.id, itil.id).practices.find((p) => p.id === 'change-enablement')!;
    expect(ce()).toMatchObject({ level: 1, levelTitle: 'Initial', nextLevel: 2 });
    judgeAll(core, audit.id, itil.id, 'change-enablement', 2);
    expect(ce().level).toBe(2);
    judgeAll(core, audit.id, itil.id, 'change-enablement', 4, ['ce-3-schedule']);
    expect(ce().level).toBe(2);
    expect(ce().gap.map((c) => c.id)).toEqual(['ce-3-schedule']);
  });

  it('is the highest level L with every criterion of the levels up to L met (property)', () => {
    const statuses: JudgementStatus[] = ['met', 'not-met', 'not-assessed'];
    const practiceArb = fc.integer({ min: 0, max: 1 }).chain((floor) =>
      fc
        .array(fc.array(fc.constantFrom(...statuses), { minLength: 1, maxLength: 4 }), { minLength: 5 - floor, maxLength: 5 - floor })
        .map((levels) => ({ floor, levels })),
    );
    fc.assert(
      fc.property(practiceArb, ({ floor, levels }) => {
        const status = new Map<string, JudgementStatus>();
        const practice: Pick<MaturityPractice, 'levels'> = {
          levels: levels.map((judged, i) => ({
            level: floor + 1 + i,
            criteria: judged.map((s, j) => {
              status.set(`c-${i}-${j}`, s);
              return { id: `c-${i}-${j}`, text: 'x' };
            }),
          })),
        };
        const level = practiceLevel(floor, practice, (id) => status.get(id) ?? 'not-assessed');
        const allMetUpTo = (l: number) => levels.slice(0, l - floor).every((judged) => judged.every((s) => s === 'met'));
        const expected = Math.max(...Array.from({ length: 6 - floor }, (_, k) => floor + k).filter(allMetUpTo));
        expect(level).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('model versions', () => {
  it('publishes an edit as a new version while an earlier assessment keeps the version it used', () => {
    const core = testCore();
    const first = createAudit(core, { name: 'Cycle 1', description: '' });
    const itil = itilOf(core);
    judgeAll(core, first.id, itil.id, 'release-management', 2);
    expect(getAssessment(core, first.id, itil.id).version.version).toBe(1);

    const file = exportModel(core, { modelId: itil.id }).text.replace('Release notes reach the users', 'Release notes reach users');
    const extra = file.replace("          - id: rm-2-notes\n", "          - id: rm-2-known-errors\n            text: Known errors of each release are published with it.\n          - id: rm-2-notes\n");
    expect(saveModelDraft(core, { id: itil.id, text: extra }).hasUnpublishedChanges).toBe(true);
    const v2 = publishModel(core, { id: itil.id, reason: 'Known errors are part of a basic release' });
    expect(v2.version).toBe(2);
    expect(() => publishModel(core, { id: itil.id, reason: 'again' })).toThrow(/Nothing has changed since v2/);
    const diff = diffModelVersions(core, itil.versions[0]!.id, v2.id).changes.map((c) => c.text);
    expect(diff).toContain('Added rm-2-known-errors to Release management level 2: "Known errors of each release are published with it."');
    expect(diff.some((t) => t.startsWith('Changed rm-2-notes'))).toBe(true);

    // The first audit still reads v1 and stays at level 2; a new audit pins v2, where level 2 needs more.
    const old = getAssessment(core, first.id, itil.id);
    expect(old).toMatchObject({ version: { version: 1 }, latestVersion: 2 });
    expect(old.practices.find((p) => p.id === 'release-management')!.level).toBe(2);
    const second = createAudit(core, { name: 'Cycle 2', description: '' });
    judgeAll(core, second.id, itil.id, 'release-management', 2, ['rm-2-known-errors']);
    expect(getAssessment(core, second.id, itil.id).version.version).toBe(2);
    expect(getAssessment(core, second.id, itil.id).practices.find((p) => p.id === 'release-management')!.level).toBe(1);

    const history = maturityHistory(core, itil.id);
    expect(history.cycles.map((c) => [c.auditName, c.version, c.levels['release-management']])).toEqual([
      ['Cycle 1', 1, 2],
      ['Cycle 2', 2, 1],
    ]);
  });

  it('refuses a malformed model file with its line, and saves nothing', () => {
    const core = testCore();
    const itil = itilOf(core);
    const text = exportModel(core, { modelId: itil.id }).text;
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('- level: 3')) ;
    lines[at] = lines[at]!.replace('level: 3', 'level: 7');
    expect(() => saveModelDraft(core, { id: itil.id, text: lines.join('\n') })).toThrow(new RegExp(`line ${at + 1}: field "levels.2.level": must be 0 to 5`));
    expect(() => saveModelDraft(core, { id: itil.id, text: text.replace('schema: release-audit/maturity-model@1', 'schema: something-else') })).toThrow(/line 1: field "schema": unknown maturity model schema/);
    expect(() => saveModelDraft(core, { id: itil.id, text: `${text}\n  oops: [` })).toThrow(/line \d+, column \d+/);
    expect(() => parseModelFile(text.replace('id: ce-3-models', 'id: ce-2-record'), 'itil4.yaml')).toThrow(/itil4\.yaml: line \d+: field "practices\.0\.levels\.1\.criteria\.0\.id": the criterion id "ce-2-record" is used twice/);
    expect(itilOf(core).hasUnpublishedChanges).toBe(false);
  });
});

describe('judgements', () => {
  it('cite only evidence of the audit, and freeze with the finalised audit', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Cycle 1', description: '' });
    const other = createAudit(core, { name: 'Elsewhere', description: '' });
    const cobit = cobitOf(core);
    const mine = await addEvidenceText(core, { auditId: audit.id, kind: 'log-excerpt', text: 'CAB approved RFC-1', sourceSystem: '', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    const theirs = await addEvidenceText(core, { auditId: other.id, kind: 'log-excerpt', text: 'other', sourceSystem: '', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    const judged = judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'bai07-1-tested', status: 'met', note: 'Seen in CI', evidenceIds: [mine.id] });
    expect(judged.practices.find((p) => p.id === 'bai07')!.levels[0]!.criteria[0]).toMatchObject({ status: 'met', note: 'Seen in CI', evidenceIds: [mine.id], judgedBy: 'test-auditor' });
    expect(() => judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'bai07-1-tested', status: 'met', note: '', evidenceIds: [theirs.id] })).toThrow(/is not in the audit "Cycle 1"/);
    expect(() => judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'no-such', status: 'met', note: '', evidenceIds: [] })).toThrow(/"no-such" is not a criterion of v1/);
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    expect(getAssessment(core, audit.id, cobit.id).frozen).toBe(true);
    expect(() => judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId: 'bai07-1-tested', status: 'not-met', note: '', evidenceIds: [] })).toThrow(/finalised/);
    expect(() => core.sqlite.prepare("UPDATE maturity_judgements SET status = 'not-met'").run()).toThrow();
  });
});
