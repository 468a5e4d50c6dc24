import { describe, expect, it } from 'vitest';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { createAudit } from '../audits/service';
import { addEvidenceText } from '../evidence/service';
import { verifyAll } from '../system/verify';
import { getAssessment, judgeCriterion, maturityHistory } from './assessment';
import { exportModel, listModels, publishModel, saveModelDraft } from './service';

// An audit's maturity assessment travels in its bundle to another laptop with the model version it
// pinned (an edited one this laptop never saw, too), and a judgement made there comes back.

const tables = ['maturity_models', 'maturity_model_versions', 'maturity_assessments', 'maturity_judgements'];

describe('maturity assessments between laptops', () => {
  it('carry the judgements, their evidence and the pinned model version both ways', async () => {
    const a = laptop('Ana Ortiz');
    const b = laptop('Ben Okoro');
    const itil = listModels(a).find((m) => m.key === 'itil4')!;
    // Each laptop writes the shipped models itself, with the same ids, before any sync.
    expect(listModels(b).map((m) => m.id)).toContain(itil.id);
    // Ana edits the model and publishes v2 before assessing: Ben has only the shipped v1.
    const text = exportModel(a, { modelId: itil.id }).text.replace('with ordered steps.', 'with ordered steps and owners.');
    saveModelDraft(a, { id: itil.id, text });
    publishModel(a, { id: itil.id, reason: 'Runbook steps name their owner' });
    const audit = createAudit(a, { name: 'Payments Q1', description: '' });
    const evidence = await addEvidenceText(a, { auditId: audit.id, kind: 'log-excerpt', text: 'deploy.sh step 1..9', sourceSystem: 'Jenkins', sourceFile: '', lineStart: null, lineEnd: null, url: '', refersTo: null, note: '', links: [] });
    for (const id of ['dm-2-runbook', 'dm-2-log', 'dm-2-verify']) judgeCriterion(a, { auditId: audit.id, modelId: itil.id, criterionId: id, status: 'met', note: `seen ${id}`, evidenceIds: [evidence.id] });
    expect(getAssessment(a, audit.id, itil.id).practices.find((p) => p.id === 'deployment-management')!.level).toBe(2);

    await exchange(a, b, audit.id);
    const onB = getAssessment(b, audit.id, itil.id);
    expect(onB).toEqual(getAssessment(a, audit.id, itil.id));
    expect(onB.version.version).toBe(2);
    expect(onB.practices.find((p) => p.id === 'deployment-management')!.levels[0]!.criteria[0]).toMatchObject({ status: 'met', evidenceIds: [evidence.id], judgedBy: 'Ana Ortiz' });

    // Ben finds the verification step was not recorded: the level falls back on both laptops.
    judgeCriterion(b, { auditId: audit.id, modelId: itil.id, criterionId: 'dm-2-verify', status: 'not-met', note: 'No smoke test recorded for 4.2.1', evidenceIds: [] });
    await exchange(b, a, audit.id);
    expect(getAssessment(a, audit.id, itil.id).practices.find((p) => p.id === 'deployment-management')).toMatchObject({ level: 1, gap: [{ id: 'dm-2-verify', note: 'No smoke test recorded for 4.2.1' }] });
    expect(maturityHistory(a, itil.id)).toEqual(maturityHistory(b, itil.id));
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    expect((await verifyAll(a)).ok).toBe(true);
    expect((await verifyAll(b)).ok).toBe(true);
  });
});

describe('an assessment started on two laptops before they sync', () => {
  it('keeps the judgements of both, the newer where they judged the same criterion', async () => {
    const a = laptop('Ana Ortiz');
    const b = laptop('Ben Okoro');
    const cobit = listModels(a).find((m) => m.key === 'cobit2019')!;
    const audit = createAudit(a, { name: 'Payments Q2', description: '' });
    await exchange(a, b, audit.id);
    const judge = (core: typeof a, criterionId: string, status: 'met' | 'not-met', note = '') => judgeCriterion(core, { auditId: audit.id, modelId: cobit.id, criterionId, status, note, evidenceIds: [] });
    // Each starts the assessment on their own laptop: two assessment records of one audit and model.
    judge(a, 'bai06-1-log', 'met');
    judge(a, 'bai06-1-authorise', 'met');
    judge(b, 'bai06-1-emergency', 'met');
    judge(b, 'bai06-1-authorise', 'not-met', 'Self-approved change RFC-88');
    await exchange(a, b, audit.id);
    await exchange(b, a, audit.id);
    for (const core of [a, b]) {
      const bai06 = getAssessment(core, audit.id, cobit.id).practices.find((p) => p.id === 'bai06')!;
      expect(bai06.levels[0]!.criteria.map((c) => [c.id, c.status])).toEqual([
        ['bai06-1-log', 'met'],
        ['bai06-1-authorise', 'not-met'],
        ['bai06-1-emergency', 'met'],
      ]);
      expect(bai06).toMatchObject({ level: 0, gap: [{ id: 'bai06-1-authorise', note: 'Self-approved change RFC-88' }] });
      expect(maturityHistory(core, cobit.id).cycles).toHaveLength(1);
    }
    // A judgement after the sync changes the one that stands, on either laptop.
    judge(a, 'bai06-1-authorise', 'met', 'RFC-88 approved by the CAB after all');
    await exchange(a, b, audit.id);
    expect(getAssessment(b, audit.id, cobit.id).practices.find((p) => p.id === 'bai06')!.level).toBe(1);
  });
});
