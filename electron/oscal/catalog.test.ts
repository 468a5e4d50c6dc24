import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { testCore } from '../../tests/helpers/temp';
import { createAudit, pinTemplate } from '../audits/service';
import { getImportedFramework, importedCoverage, listImportedFrameworks, mapRequirement } from '../library/imported';
import { loadLibrary } from '../library/library';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { CATALOG_LIMITS, importCatalog, readCatalog } from './catalog-import';
import { gatherOscalData, oscalDocument } from './export';
import { example, schemaErrors } from './official-schema.fixture';

// OSCAL catalogs in: one written by hand from the OSCAL documentation and NIST's basic-catalog example
// become frameworks the library maps to, with their coverage on the shipped template; broken ones are
// refused in one sentence naming the path, with nothing written. The runtime check is proved against
// NIST's official catalog schema: what that schema accepts is imported, what the check refuses it refuses too.

const handwritten = fs.readFileSync(path.resolve('tests/fixtures/oscal/handwritten-catalog.json'), 'utf8');
const basic = example('basic-catalog.json');

function ledgerCount(core: Core): number {
  return (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return (error as AppError).message;
  }
  throw new Error('the catalog was not refused');
}

describe('a catalog written by hand from the OSCAL documentation', () => {
  it('is valid OSCAL 1.1.3, imports, maps and shows its coverage', () => {
    expect(schemaErrors('catalog', JSON.parse(handwritten))).toEqual([]);
    const core = testCore();
    ensureDefaultTemplate(core);
    const framework = importCatalog(core, handwritten, 'acme.json');
    expect(framework).toMatchObject({ title: 'Acme Release Controls', version: '2026.1', oscalVersion: '1.1.3', requirementCount: 5, mappingCount: 0 });
    const detail = getImportedFramework(core, framework.id);
    expect(detail.requirements.map((r) => `${r.kind}:${r.id}@${r.depth}<${r.parentId ?? ''}`)).toEqual([
      'group:cm@0<', 'control:cm-1@1<cm', 'control:cm-1.1@2<cm-1', 'control:cm-2@1<cm', 'group:dp@0<', 'group:dp-obs@1<dp', 'control:dp-1@2<dp-obs', 'control:gen-1@0<',
    ]);
    expect(detail.requirements[1]?.summary).toBe('Every production change is approved by the [approving body] before it is deployed. Emergency changes are approved after the fact within 48 hours.');

    const library = loadLibrary(core.appRoot);
    mapRequirement(core, library, { frameworkId: framework.id, requirementId: 'cm-1.1', controlId: 'RA-RFC-01' });
    mapRequirement(core, library, { frameworkId: framework.id, requirementId: 'cm-1.1', controlId: 'RA-RFC-01' });
    expect(listImportedFrameworks(core)[0]?.mappingCount).toBe(1);
    const coverage = importedCoverage(core, library, framework.id, DEFAULT_TEMPLATE_V1_ID, getVersion(core, DEFAULT_TEMPLATE_V1_ID).content);
    expect(coverage.rows.map((r) => [r.id, r.controls.map((c) => c.id)])).toEqual([['cm-1', ['RA-RFC-01']], ['cm-1.1', ['RA-RFC-01']], ['cm-2', []], ['dp-1', []], ['gen-1', []]]);
    expect({ covered: coverage.covered, gaps: coverage.gaps }).toEqual({ covered: 2, gaps: 3 });

    // The mapping reaches the export: the reviewed control says which imported requirement it covers.
    const audit = createAudit(core, { name: 'Mapped', description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    const results = oscalDocument(gatherOscalData(core, audit.id), 'results') as { 'assessment-results': { results: Array<{ 'reviewed-controls': { 'control-selections': Array<{ props: Array<{ class: string; value: string }> }> } }> } };
    const props = results['assessment-results'].results[0]?.['reviewed-controls']['control-selections'][0]?.props ?? [];
    expect(props).toContainEqual(expect.objectContaining({ class: 'RA-RFC-01', value: 'Acme Release Controls: cm-1.1' }));
    expect(schemaErrors('assessment-results', results)).toEqual([]);
  });

  it('refuses a mapping to a group, an unknown requirement or an unknown control', () => {
    const core = testCore();
    const { id } = importCatalog(core, handwritten);
    const library = loadLibrary(core.appRoot);
    expect(() => mapRequirement(core, library, { frameworkId: id, requirementId: 'cm', controlId: 'RA-RFC-01' })).toThrow(/is a group/);
    expect(() => mapRequirement(core, library, { frameworkId: id, requirementId: 'zz-9', controlId: 'RA-RFC-01' })).toThrow(/has no requirement "zz-9"/);
    expect(() => mapRequirement(core, library, { frameworkId: id, requirementId: 'cm-2', controlId: 'RA-XYZ-99' })).toThrow(/no control RA-XYZ-99/);
  });

  it('is imported once: the same catalog again is a conflict, with nothing written', () => {
    const core = testCore();
    importCatalog(core, handwritten);
    const before = ledgerCount(core);
    expect(() => importCatalog(core, handwritten)).toThrow(/already imported/);
    expect(ledgerCount(core)).toBe(before);
  });
});

describe("NIST's basic-catalog example", () => {
  it('is accepted by the official schemas and imports as a framework with its four controls', () => {
    expect(schemaErrors('catalog', JSON.parse(basic), 'v1.1.2')).toEqual([]);
    expect(schemaErrors('catalog', JSON.parse(basic))).toEqual([]);
    const core = testCore();
    ensureDefaultTemplate(core);
    const framework = importCatalog(core, basic, 'basic-catalog.json');
    expect(framework.requirementCount).toBe(4);
    const library = loadLibrary(core.appRoot);
    mapRequirement(core, library, { frameworkId: framework.id, requirementId: 's1.1.1', controlId: 'RA-RFC-01' });
    const coverage = importedCoverage(core, library, framework.id, DEFAULT_TEMPLATE_V1_ID, getVersion(core, DEFAULT_TEMPLATE_V1_ID).content);
    expect(coverage.rows.find((r) => r.id === 's1.1.1')?.controls.map((c) => c.id)).toEqual(['RA-RFC-01']);
    expect(coverage.gaps).toBe(3);
  });
});

type Json = Record<string, unknown>;
const valid = () => JSON.parse(handwritten) as { catalog: Json & { groups: Array<Json & { controls: Json[] }> } };
const broken: Array<{ why: string; make: () => string; says: RegExp; schemaRefuses: boolean }> = [
  { why: 'a title that is a number', make: () => { const c = valid(); c.catalog.groups[0]!.controls[1]!.title = 42; return JSON.stringify(c); }, says: /catalog\.groups\[0\]\.controls\[1\]\.title: must be text/, schemaRefuses: true },
  { why: 'a control without an id', make: () => { const c = valid(); delete c.catalog.groups[0]!.controls[1]!.id; return JSON.stringify(c); }, says: /catalog\.groups\[0\]\.controls\[1\]\.id: is required/, schemaRefuses: true },
  { why: 'an id that is not a token', make: () => { const c = valid(); c.catalog.groups[1]!.id = '2 deploy'; return JSON.stringify(c); }, says: /catalog\.groups\[1\]\.id: must be a token/, schemaRefuses: true },
  { why: 'a UUID that is not one', make: () => { const c = valid(); c.catalog.uuid = 'not-a-uuid'; return JSON.stringify(c); }, says: /catalog\.uuid: must be a UUID/, schemaRefuses: true },
  { why: 'no metadata', make: () => { const c = valid(); delete c.catalog.metadata; return JSON.stringify(c); }, says: /catalog\.metadata: is required/, schemaRefuses: true },
  { why: 'groups that are not a list', make: () => { const c = valid(); (c.catalog as Json).groups = { id: 'x' }; return JSON.stringify(c); }, says: /catalog\.groups: must be a list/, schemaRefuses: true },
  { why: 'two controls with one id', make: () => { const c = valid(); c.catalog.groups[0]!.controls[1]!.id = 'cm-1'; return JSON.stringify(c); }, says: /catalog\.groups\[0\]\.controls\[1\]\.id "cm-1" is already the id of catalog\.groups\[0\]\.controls\[0\]/, schemaRefuses: false },
  {
    why: 'controls nested too deeply',
    make: () => {
      const c = valid();
      let control: Json = { id: 'deep-0', title: 'Deep' };
      for (let i = 1; i < 30; i++) control = { id: `deep-${i}`, title: 'Deep', controls: [control] };
      c.catalog.controls = [control];
      return JSON.stringify(c);
    },
    says: /nest(s|ed) .*more than \d+ levels deep/,
    schemaRefuses: false,
  },
  { why: 'JSON nested ten thousand deep', make: () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`, says: /nested more than 96 levels deep|not JSON/, schemaRefuses: true },
  {
    why: 'a huge catalog',
    make: () => { const c = valid(); c.catalog.controls = Array.from({ length: CATALOG_LIMITS.requirements + 1 }, (_, i) => ({ id: `c-${i}`, title: `Control ${i}` })); return JSON.stringify(c); },
    says: /more than 20000 groups and controls/,
    schemaRefuses: false,
  },
  { why: 'text that is not JSON', make: () => '{"catalog": ', says: /is not JSON/, schemaRefuses: true },
  { why: 'a profile', make: () => JSON.stringify({ profile: { uuid: '3c9a7f0e-5b1d-4e2a-8f6c-1d2e3f4a5b6d', metadata: {}, imports: [{ href: 'x.json', 'include-controls': [{ 'with-ids': ['ac-1'] }] }] } }), says: /is an OSCAL profile; resolve it to a catalog/, schemaRefuses: true },
  { why: 'an assessment-results document', make: () => JSON.stringify({ 'assessment-results': {} }), says: /is an OSCAL assessment-results document, not a catalog/, schemaRefuses: true },
];

describe('broken catalogs', () => {
  it.each(broken)('refuses $why in one sentence, with nothing written', ({ make, says, schemaRefuses }) => {
    const core = testCore();
    const text = make();
    const before = ledgerCount(core);
    const message = refusal(() => importCatalog(core, text, 'broken.json'));
    expect(message).toMatch(says);
    expect(message).toMatch(/^broken\.json is not an OSCAL catalog this app can import: [^\n]+\.$/);
    expect(ledgerCount(core)).toBe(before);
    expect(listImportedFrameworks(core)).toEqual([]);
    // The same document against NIST's schema: refused there too when the schema can see the fault.
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) expect(schemaErrors('catalog', parsed).length > 0).toBe(schemaRefuses);
  });
});

describe('the runtime check against the official schema', () => {
  it('never crashes on random JSON: it imports or refuses in words', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        try {
          readCatalog(JSON.stringify(value));
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts what the official schema accepts and refuses what it refuses, on random changes to the fields it reads', () => {
    const fields = ['id', 'title', 'name', 'prose', 'class'];
    const replacement = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.constant(['x']), fc.constantFrom('a-1', '_x', '1a', 'ü.b', 'a b', ''));
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...fields), replacement, (pick, field, value) => {
        const doc = JSON.parse(handwritten) as Json;
        const holders: Json[] = [];
        const walk = (node: unknown) => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (node && typeof node === 'object') {
            if (field in node && !('metadata' in node)) holders.push(node as Json);
            // Properties and links are not read by the app: their fields are the schema's business alone.
            Object.entries(node).forEach(([key, child]) => !['metadata', 'props', 'links'].includes(key) && walk(child));
          }
        };
        walk(doc);
        const holder = holders[pick % holders.length];
        if (!holder) return;
        holder[field] = value;
        const official = schemaErrors('catalog', doc).length === 0;
        let ours = true;
        let message = '';
        try {
          readCatalog(JSON.stringify(doc));
        } catch (error) {
          ours = false;
          message = (error as Error).message;
        }
        // Two ids made equal is a fault the schema cannot see; an empty title is one this app does not mind.
        if (/is already the id of/.test(message)) return;
        expect(ours, `official ${official}, ours: ${message}`).toBe(official);
      }),
      { numRuns: 400 },
    );
  });
});
