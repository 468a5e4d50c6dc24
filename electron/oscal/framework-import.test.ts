import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { AppError } from '../../shared/api/errors';
import { testCore } from '../../tests/helpers/temp';
import { createHandlers } from '../api/handlers';
import { getImportedFramework, importedCoverage, listImportedFrameworks, mapRequirement } from '../library/imported';
import { loadLibrary } from '../library/library';
import type { Core } from '../services';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../templates/service';
import { importFramework } from './framework-import';
import { schemaErrors, type OscalSchemaModel } from './official-schema.fixture';

// Frameworks in from the files teams already keep: CISO Assistant YAML libraries (one written by hand
// from the format, one an excerpt of a real library file) and OSCAL profiles resolved against a catalog
// (imported already, or given with the profile), each mapped to and shown with its coverage; hostile and
// broken files are refused in one sentence naming the path, with nothing written.

const fixture = (name: string) => fs.readFileSync(path.resolve('tests/fixtures', name), 'utf8');
const handwrittenLibrary = fixture('ciso/release-controls-library.yaml');
const cisaExcerpt = fixture('ciso/cisa-cpg-2.0-excerpt.yaml');
const catalog = fixture('oscal/handwritten-catalog.json');
const profile = fixture('oscal/handwritten-profile.json');

const ledgerCount = (core: Core) => (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
const shape = (core: Core, id: string) => getImportedFramework(core, id).requirements.map((r) => `${r.kind}:${r.id}@${r.depth}<${r.parentId ?? ''}`);

function refusal(core: Core, text: string, name = 'library.yaml', withCatalog?: { text: string; name: string }): string {
  const before = ledgerCount(core);
  try {
    importFramework(core, { text, name, catalog: withCatalog });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    expect(ledgerCount(core)).toBe(before);
    const message = (error as AppError).message;
    // One sentence.
    expect(message.replace(/\b(e\.g|i\.e)\./g, '').match(/[.!?](\s|$)/g) ?? []).toHaveLength(1);
    return message;
  }
  throw new Error('the file was not refused');
}

describe('a CISO Assistant library', () => {
  it('written by hand from the format imports with its groups, implementation groups, mappings and coverage', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const framework = importFramework(core, { text: handwrittenLibrary, name: 'release-controls.yaml' });
    expect(framework).toMatchObject({ source: 'ciso-assistant', sourceUuid: 'urn:acme:risk:framework:release-controls', title: 'Acme release controls', version: '4', requirementCount: 3 });
    expect(shape(core, framework.id)).toEqual([
      'group:CHG@0<', 'control:CHG.1@1<CHG', 'control:CHG.1.a@2<CHG.1', 'group:urn:acme:risk:req_node:release-controls:chg-note@1<CHG', 'group:DEP@0<', 'control:DEP.1@1<DEP',
    ]);
    const detail = getImportedFramework(core, framework.id);
    expect(detail.requirements.find((r) => r.id === 'CHG.1')).toMatchObject({ title: 'Approved request for change', implementationGroups: [{ id: 'IG1', name: 'Essential' }, { id: 'IG2', name: 'Regulated' }] });
    expect(detail.requirements.find((r) => r.id === 'CHG.1.a')?.summary).toBe('');

    const library = loadLibrary(core.appRoot);
    mapRequirement(core, library, { frameworkId: framework.id, requirementId: 'CHG.1.a', controlId: 'RA-RFC-01' });
    const coverage = importedCoverage(core, library, framework.id, DEFAULT_TEMPLATE_V1_ID, getVersion(core, DEFAULT_TEMPLATE_V1_ID).content);
    expect(coverage.rows.map((r) => [r.id, r.controls.map((c) => c.id)])).toEqual([['CHG.1', ['RA-RFC-01']], ['CHG.1.a', ['RA-RFC-01']], ['DEP.1', []]]);
    expect({ covered: coverage.covered, gaps: coverage.gaps }).toEqual({ covered: 2, gaps: 1 });
    // The same library twice is one framework.
    expect(() => importFramework(core, { text: handwrittenLibrary, name: 'again.yaml' })).toThrow(/already imported/);
  });

  it('from a real library file (an excerpt of CISA CPG 2.0 as CISO Assistant ships it) imports through the API', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const framework = await handlers['frameworks.import']({ text: cisaExcerpt, name: 'cisa-cpg-2.0.yaml' });
    expect(framework).toMatchObject({ source: 'ciso-assistant', title: 'CISA Cybersecurity Performance Goals v2.0', version: '3', requirementCount: 3 });
    expect(shape(core, framework.id)).toEqual(['group:GV@0<', 'group:ID@0<', 'control:1.A@1<GV', 'control:1.B@1<GV', 'control:2.A@1<ID']);
    expect((await handlers['frameworks.list']({})).map((f) => f.source)).toEqual(['ciso-assistant']);
  });

  it('refuses hostile and broken YAML in one sentence naming the path, writing nothing', () => {
    const core = testCore();
    const library = YAML.parse(handwrittenLibrary) as { objects: { framework: { requirement_nodes: Array<Record<string, unknown>> } } };
    const variant = (change: (l: typeof library) => void) => {
      const copy = structuredClone(library);
      change(copy);
      return YAML.stringify(copy);
    };
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(refusal(core, bomb)).toMatch(/^library\.yaml is not a framework file this app can read: it uses a YAML alias \(\*a at b\);/);
    expect(refusal(core, `${'- '.repeat(20_000)}x`)).toMatch(/nested|deep/);
    expect(refusal(core, 'urn: x\nurn: y\nobjects: {}\n')).toMatch(/not valid YAML \(line \d+: Map keys must be unique/);
    expect(refusal(core, 'x'.repeat(33 * 1024 * 1024))).toMatch(/over 32 MB/);
    expect(refusal(core, variant((l) => (l.objects.framework.requirement_nodes[1] = { ...l.objects.framework.requirement_nodes[1], assessable: 'yes' })))).toBe(
      'library.yaml is not a CISO Assistant library this app can import: objects.framework.requirement_nodes[1].assessable must be true or false.',
    );
    expect(refusal(core, variant((l) => delete (l.objects.framework.requirement_nodes[2] as Record<string, unknown>).urn))).toContain('objects.framework.requirement_nodes[2].urn is required.');
    expect(refusal(core, variant((l) => (l.objects.framework.requirement_nodes[2] = { ...l.objects.framework.requirement_nodes[2], parent_urn: 'urn:acme:nowhere' })))).toContain('objects.framework.requirement_nodes[2].parent_urn "urn:acme:nowhere" names no node listed before it');
    expect(refusal(core, variant((l) => (l.objects.framework.requirement_nodes[1] = { ...l.objects.framework.requirement_nodes[1], implementation_groups: ['IG9'] })))).toContain('objects.framework.requirement_nodes[1].implementation_groups[0] "IG9" is not a group');
    expect(refusal(core, variant((l) => (l.objects.framework.requirement_nodes = 'none' as never)))).toContain('objects.framework.requirement_nodes must be a list of requirement nodes.');
    expect(refusal(core, 'urn: urn:x\nname: X\nobjects: {}\n')).toContain('objects.framework is required');
    expect(refusal(core, 'just: text\n')).toMatch(/is neither an OSCAL catalog or profile .* nor a CISO Assistant library/);
    expect(listImportedFrameworks(core)).toEqual([]);
  });
});

describe('any file at all', () => {
  it('is imported or refused in words, never crashing, whatever YAML or text it holds', () => {
    const core = testCore();
    const node = fc.record({ urn: fc.oneof(fc.string(), fc.integer()), assessable: fc.oneof(fc.boolean(), fc.string()), parent_urn: fc.option(fc.string()), ref_id: fc.option(fc.oneof(fc.string(), fc.integer())) }, { requiredKeys: [] });
    const library = fc.record({ urn: fc.string(), name: fc.string(), objects: fc.record({ framework: fc.record({ urn: fc.string(), name: fc.string(), requirement_nodes: fc.array(node, { maxLength: 6 }) }, { requiredKeys: [] }) }) }, { requiredKeys: [] });
    const text = fc.oneof(library.map((l) => YAML.stringify(l)), fc.jsonValue().map((v) => YAML.stringify(v)), fc.string({ maxLength: 200 }));
    fc.assert(
      fc.property(text, (t) => {
        try {
          importFramework(core, { text: t || ' ', name: 'random.yaml' });
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect(['VALIDATION', 'CONFLICT']).toContain((error as AppError).code);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('an OSCAL profile', () => {
  it('is valid OSCAL 1.1.3 and resolves against the catalog already imported, named through its back-matter', () => {
    expect(schemaErrors('complete' as OscalSchemaModel, JSON.parse(profile))).toEqual([]);
    const core = testCore();
    ensureDefaultTemplate(core);
    importFramework(core, { text: catalog, name: 'handwritten-catalog.json' });
    const framework = importFramework(core, { text: profile, name: 'payments-profile.json' });
    expect(framework).toMatchObject({ source: 'oscal-profile', title: 'Acme Release Controls, payments baseline', version: '2026.1-payments', oscalVersion: '1.1.3', requirementCount: 3 });
    // cm-1 with its enhancement, dp-1 under both its groups; gen-1 matched by gen-* and excluded again; cm-2 never chosen.
    expect(shape(core, framework.id)).toEqual(['group:cm@0<', 'control:cm-1@1<cm', 'control:cm-1.1@2<cm-1', 'group:dp@0<', 'group:dp-obs@1<dp', 'control:dp-1@2<dp-obs']);
    expect(framework.notes).toEqual(['1 set-parameters kept as the catalog states them (statements name the parameters, not the profile\'s values)', '1 alters not applied (the controls read as the catalog has them)']);
    const library = loadLibrary(core.appRoot);
    mapRequirement(core, library, { frameworkId: framework.id, requirementId: 'dp-1', controlId: 'RA-RFC-01' });
    const coverage = importedCoverage(core, library, framework.id, DEFAULT_TEMPLATE_V1_ID, getVersion(core, DEFAULT_TEMPLATE_V1_ID).content);
    expect({ covered: coverage.covered, gaps: coverage.gaps }).toEqual({ covered: 1, gaps: 2 });
  });

  it('resolves against the catalog file given with it, include-all less what it excludes', () => {
    const core = testCore();
    const all = JSON.parse(profile) as { profile: { imports: Array<Record<string, unknown>>; uuid: string } };
    all.profile.imports = [{ href: 'handwritten-catalog.json', 'include-all': {}, 'exclude-controls': [{ 'with-ids': ['cm-1'], 'with-child-controls': 'yes' }] }];
    const framework = importFramework(core, { text: JSON.stringify(all), name: 'all.json', catalog: { text: catalog, name: 'handwritten-catalog.json' } });
    expect(shape(core, framework.id)).toEqual(['group:cm@0<', 'control:cm-2@1<cm', 'group:dp@0<', 'group:dp-obs@1<dp', 'control:dp-1@2<dp-obs', 'control:gen-1@0<']);
    // The catalog given with it is read, not imported.
    expect(listImportedFrameworks(core).map((f) => f.source)).toEqual(['oscal-profile']);
  });

  it('is refused in one sentence when its catalog is not here, a control is not in it, or the profile breaks the schema', () => {
    const core = testCore();
    expect(refusal(core, profile, 'payments-profile.json')).toBe(
      'payments-profile.json is not an OSCAL profile this app can import: profile.imports[0].href "#5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b" names no catalog imported here: import that catalog first, or give its file with the profile.',
    );
    importFramework(core, { text: catalog, name: 'handwritten-catalog.json' });
    const edit = (change: (p: { profile: Record<string, unknown> & { imports: Array<Record<string, unknown>> } }) => void) => {
      const copy = JSON.parse(profile) as { profile: Record<string, unknown> & { imports: Array<Record<string, unknown>> } };
      change(copy);
      return JSON.stringify(copy);
    };
    expect(refusal(core, edit((p) => (p.profile.imports[0] = { ...p.profile.imports[0], 'include-controls': [{ 'with-ids': ['cm-1', 'zz-9'] }] })), 'p.json')).toContain('profile.imports[0].include-controls[0].with-ids[1] "zz-9" is not a control of Acme Release Controls.');
    expect(refusal(core, edit((p) => (p.profile.imports[0] = { ...p.profile.imports[0], href: '#00000000-0000-4000-8000-000000000000' })), 'p.json')).toContain('points at no resource of the profile\'s back-matter');
    expect(refusal(core, edit((p) => (p.profile.uuid = 'not-a-uuid')), 'p.json')).toContain('profile.uuid: must be a UUID.');
    expect(refusal(core, edit((p) => (p.profile.imports = [])), 'p.json')).toContain('profile.imports: is empty');
    expect(refusal(core, edit((p) => (p.profile.imports[0] = { href: '#5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b' })), 'p.json')).toContain('says neither include-all nor include-controls');
    expect(listImportedFrameworks(core).map((f) => f.source)).toEqual(['oscal-catalog']);
  });
});
