import path from 'node:path';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { transitionFinding, updateFinding } from '../findings/service';
import { importInto } from '../imports/store';
import { everyRecordAudit } from '../reports/record-fixture';
import type { Core } from '../services';
import { gatherOscalData, oscalDocument, serialiseOscal } from './export';
import { stableUuid } from './ids';
import { schemaErrors } from './official-schema.fixture';

// An audit with every kind of record (checklist results, interviews, war-room entries, an imported
// pipeline log, findings open and closed, evidence with hashes) exported as OSCAL and checked against
// NIST's published 1.1.3 schemas.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the documents are walked as the plain JSON they are
type Doc = Record<string, any>;
let core: Core;
let fixture: Awaited<ReturnType<typeof everyRecordAudit>>;
let results: Doc;
let plan: Doc;
let again: Doc;

beforeAll(async () => {
  const folder = tempDir();
  core = testCore({ dataDir: path.join(folder, 'data') });
  fixture = await everyRecordAudit(core, folder);
  // The raised finding goes all the way to closed: a satisfied finding with no risk.
  updateFinding(core, { id: fixture.raised.id, criteria: 'Policy CM-2', condition: 'No CAB', cause: 'Rushed', effect: 'Risk', recommendation: 'Hold a CAB' });
  for (const to of ['open', 'in-remediation', 'ready-for-verification', 'closed'] as const) transitionFinding(core, { id: fixture.raised.id, to, acceptedBy: '', reason: '' });
  await importInto(core, path.resolve('tests/fixtures/imports/junit-pytest.xml'), { auditId: fixture.audit.id, releaseId: fixture.release.id });
  const data = gatherOscalData(core, fixture.audit.id, '2026-12-01T10:00:00.000Z');
  results = oscalDocument(data, 'results') as Doc;
  plan = oscalDocument(data, 'plan') as Doc;
  // A second export, months later, of the same audit (testCore closes the core after the first test).
  again = oscalDocument(gatherOscalData(core, fixture.audit.id, '2027-03-01T10:00:00.000Z'), 'results') as Doc;
});

describe('OSCAL assessment results', () => {
  it('validates against the official 1.1.3 assessment-results schema', () => {
    expect(schemaErrors('assessment-results', results)).toEqual([]);
  });

  it('has an observation for each checklist result, held interview, war-room entry and import, with their methods', () => {
    const observations = results['assessment-results'].results[0].observations as Doc[];
    const methods = new Set(observations.flatMap((o) => o.methods));
    expect([...methods].sort()).toEqual(['EXAMINE', 'INTERVIEW', 'TEST']);
    expect(observations.filter((o) => o.methods.includes('INTERVIEW'))).toHaveLength(2);
    const imported = observations.find((o) => o.methods.includes('TEST'));
    expect(imported?.description).toMatch(/junit-pytest\.xml/);
    expect(observations.every((o) => typeof o.collected === 'string')).toBe(true);
  });

  it('names each piece of evidence by its SHA-256, in the observation and in the back-matter resource', () => {
    const resources = results['assessment-results']['back-matter'].resources as Doc[];
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r.rlinks[0].hashes[0]).toEqual({ algorithm: 'SHA-256', value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const observations = results['assessment-results'].results[0].observations as Doc[];
    const withEvidence = observations.filter((o) => o['relevant-evidence']?.some((e: Doc) => e.href));
    expect(withEvidence.length).toBeGreaterThan(0);
    for (const o of withEvidence) {
      for (const e of o['relevant-evidence'] as Doc[]) {
        const resource = resources.find((r) => `#${r.uuid}` === e.href);
        expect(resource, e.href).toBeDefined();
        expect(e.description).toContain(resource?.rlinks[0].hashes[0].value);
      }
    }
  });

  it('says which findings are satisfied and which not, and has a risk for every finding still open', () => {
    const result = results['assessment-results'].results[0];
    const findings = result.findings as Doc[];
    const closed = findings.find((f) => f.uuid === stableUuid('finding', fixture.raised.id));
    const open = findings.find((f) => f.uuid === stableUuid('finding', fixture.open.id));
    expect(closed?.target.status.state).toBe('satisfied');
    expect(open?.target.status.state).toBe('not-satisfied');
    expect(findings.some((f) => f.target.status.state === 'not-satisfied' && f['related-observations']?.length > 0)).toBe(true);
    const risks = result.risks as Doc[];
    expect(risks.map((r) => r.uuid).sort()).toEqual([stableUuid('risk', fixture.open.id), stableUuid('risk', fixture.secret.id)].sort());
    expect(risks[0]).toMatchObject({ status: 'open', deadline: '2027-01-31T23:59:59.999Z', remediations: [{ lifecycle: 'recommendation', description: 'Fix' }] });
  });

  it('reviews the controls of the pinned checklist with their framework mappings, and points at the plan', () => {
    const reviewed = results['assessment-results'].results[0]['reviewed-controls']['control-selections'][0];
    expect(reviewed['include-controls'].map((c: Doc) => c['control-id'])).toContain('RA-RFC-01');
    expect(reviewed.props.some((p: Doc) => p.class === 'RA-RFC-01' && /^itil4: /.test(p.value))).toBe(true);
    expect(results['assessment-results']['import-ap'].href).toBe('./payments-platform-h2-2026.assessment-plan.json');
    expect(results['assessment-results'].metadata.parties[0]).toMatchObject({ type: 'person', name: 'test-auditor' });
  });

  it('gives every record the same UUID in every export', () => {
    const uuids = (doc: Doc) => JSON.stringify(doc).match(/"uuid":"[^"]+"/g)?.sort();
    expect(uuids(again)).toEqual(uuids(results));
    expect(again['assessment-results'].metadata['last-modified']).not.toBe(results['assessment-results'].metadata['last-modified']);
  });

  it('writes YAML that reads back as the same document', () => {
    const yaml = serialiseOscal(results, 'yaml');
    expect(YAML.parse(yaml)).toEqual(results);
  });
});

describe('OSCAL assessment plan', () => {
  it('validates against the official 1.1.3 assessment-plan schema', () => {
    expect(schemaErrors('assessment-plan', plan)).toEqual([]);
  });

  it('has the scope as subjects, the methodology, the controls, the schedule and the terms', () => {
    const ap = plan['assessment-plan'];
    expect(ap.uuid).toBe(stableUuid('assessment-plan', fixture.audit.id));
    const components = ap['local-definitions'].components as Doc[];
    expect(components.map((c) => c.title)).toEqual(expect.arrayContaining(['production', 'sandbox', 'PAY-MARKREL-2.0']));
    const componentSubject = (ap['assessment-subjects'] as Doc[]).find((s) => s.type === 'component');
    const sandbox = components.find((c) => c.title === 'sandbox');
    expect(componentSubject?.['exclude-subjects']).toEqual([{ 'subject-uuid': sandbox?.uuid, type: 'component' }]);
    expect((ap['assessment-subjects'] as Doc[]).some((s) => s.type === 'party')).toBe(true);
    const parts = (ap['terms-and-conditions'].parts as Doc[]).map((p) => p.name);
    expect(parts).toEqual(expect.arrayContaining(['methodology', 'assessment-inclusions', 'assessment-exclusions', 'rules-of-engagement']));
    const fieldwork = (ap.tasks as Doc[]).find((t) => t.title === 'Fieldwork');
    expect(fieldwork?.timing['within-date-range']).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-12-20T23:59:59.999Z' });
    expect(ap['reviewed-controls']['control-selections'][0]['include-controls'].length).toBeGreaterThan(10);
  });

  it('validates for an audit with nothing in it yet', () => {
    const empty = testCore();
    const audit = createAudit(empty, { name: 'Empty', description: '' });
    const data = gatherOscalData(empty, audit.id);
    expect(schemaErrors('assessment-plan', oscalDocument(data, 'plan'))).toEqual([]);
    expect(schemaErrors('assessment-results', oscalDocument(data, 'results'))).toEqual([]);
  });
});
