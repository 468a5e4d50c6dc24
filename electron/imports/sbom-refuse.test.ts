import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { ImportResult } from '../../shared/api/imports';
import { cycloneDxValidator } from './cyclonedx-schema';
import { importFile } from './import-file';
import { fixture, real, realworldDir, scratchDir, writeScratch } from './test-files';

// Broken, hostile and wrong-kind SBOMs are refused in one sentence that names the rule broken, and
// nothing else happens; the schemas loaded from @cyclonedx/cyclonedx-library agree with the
// official ones saved in ../shared/realworld/schemas.

const dir = scratchDir();
let n = 0;
const write = (name: string, content: string | object) => writeScratch(dir, `${(n += 1)}-${name}`, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
const refused = (file: string, message: string | RegExp) => expect(importFile(file)).rejects.toMatchObject({ name: 'AppError', code: 'VALIDATION', message: typeof message === 'string' ? message : expect.stringMatching(message) });

const bom = (version: string, components: unknown[], extra: object = {}) => ({ bomFormat: 'CycloneDX', specVersion: version, version: 1, components, ...extra });
const broken: Array<[string, object, string]> = [
  ['a purl that is a number', bom('1.5', [{ type: 'library', name: 'a' }, { type: 'library', name: 'b' }, { type: 'library', name: 'c' }, { type: 'library', name: 'd', purl: 42 }]), 'This CycloneDX 1.5 BOM breaks its schema: components[3].purl must be a string (schema: bom-1.5.schema.json #/properties/purl/type).'],
  ['a component with no name', bom('1.4', [{ type: 'library', version: '1' }]), 'This CycloneDX 1.4 BOM breaks its schema: components[0] must have the field "name" (schema: bom-1.4.schema.json #/required).'],
  ['an unknown component type', bom('1.6', [{ type: 'gadget', name: 'x' }]), 'This CycloneDX 1.6 BOM breaks its schema: components[0].type must be one of "application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver", "firmware", "file", "machine-learning-model", "data" (schema: bom-1.6.schema.json #/properties/type/enum).'],
  ['the same dependency listed twice', bom('1.4', [{ type: 'library', name: 'x', 'bom-ref': 'x' }], { dependencies: [{ ref: 'x', dependsOn: ['y', 'z', 'y'] }] }), 'This CycloneDX 1.4 BOM breaks its schema: dependencies[0].dependsOn must not list the same item twice (items 0 and 2 are identical) (schema: bom-1.4.schema.json #/properties/dependsOn/x-unique-items).'],
  ['a 1.2 component without a version', bom('1.2', [{ type: 'library', name: 'x' }]), 'This CycloneDX 1.2 BOM breaks its schema: components[0] must have the field "version" (schema: bom-1.2.schema.json #/required).'],
];

function officialAjv(): Ajv | null {
  if (!realworldDir) return null;
  const folder = path.join(realworldDir, 'schemas');
  const ajv = new Ajv({ strict: false, logger: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const name of ['spdx.schema.json', 'jsf-0.82.schema.json', 'bom-1.4.schema.json', 'bom-1.5.schema.json', 'bom-1.6.schema.json']) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')));
  return ajv;
}

describe('a CycloneDX BOM that breaks its schema', () => {
  it.each(broken)('with %s is refused naming the rule, and gives no facts', async (_what, value, message) => {
    await refused(write('bom.json', value), message);
  });

  it.skipIf(!realworldDir)('is judged the same by the official 1.4–1.6 schemas of ../shared/realworld', () => {
    const ajv = officialAjv() as Ajv;
    const good: Array<[string, string]> = [['1.4', real('cyclonedx-laravel-bom.1.4.json')], ['1.5', fixture('cyclonedx-1.5.json')], ['1.5', fixture('cyclonedx-vex.json')], ['1.6', fixture('cyclonedx-1.6.json')]];
    for (const [version, file] of good) {
      const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      expect(ajv.validate(`http://cyclonedx.org/schema/bom-${version}.schema.json`, value), file).toBe(true);
      expect(cycloneDxValidator(version as '1.4')(value), file).toBe(true);
    }
    for (const [what, value] of broken.filter(([, v]) => ['1.4', '1.5', '1.6'].includes((v as { specVersion: string }).specVersion))) {
      const version = (value as { specVersion: string }).specVersion;
      expect(ajv.validate(`http://cyclonedx.org/schema/bom-${version}.schema.json`, value), what).toBe(false);
      expect(cycloneDxValidator(version as '1.4')(value), what).toBe(false);
    }
  });

  it('of another version, or cut short, or not an object, is refused', async () => {
    await refused(write('v2.json', { bomFormat: 'CycloneDX', specVersion: '2.0', version: 1 }), 'This CycloneDX BOM declares specVersion "2.0"; versions 1.2 to 1.6 are read.');
    await refused(write('cut.json', '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ['), 'This CycloneDX BOM is cut short: its JSON ends before it is complete.');
    await refused(write('other.json', { bomFormat: 'SWID', specVersion: '1.0' }), 'This JSON says its bomFormat is "SWID", not "CycloneDX", so it is not a CycloneDX BOM.');
  });
});

describe('a CycloneDX XML BOM', () => {
  const xml = (body: string, ns = 'http://cyclonedx.org/schema/bom/1.4') => `<?xml version="1.0"?>\n<bom xmlns="${ns}" version="1">\n${body}\n</bom>\n`;
  it('breaking an XSD rule is refused naming the rule and its line', async () => {
    await refused(write('a.xml', xml('<components>\n<component><name>x</name></component>\n</components>')), 'This CycloneDX 1.4 XML BOM breaks its schema at line 4: <component> has no type attribute (XSD: component/@type is required).');
    await refused(write('b.xml', xml('<components><component type="library"><version>1</version></component></components>')), /at line 3: <component> has no <name> \(XSD: component\/name is required\)\.$/);
    await refused(write('c.xml', xml('<components><component type="library"><name>x</name></component></components>', 'http://cyclonedx.org/schema/bom/1.3')), /^This CycloneDX 1\.3 XML BOM breaks its schema at line 3: <component> "x" has no <version> \(XSD 1\.3: component\/version is required\)\.$/);
    await refused(write('d.xml', xml('<components><component type="library"><name>x</name><hashes><hash alg="SHA-256">zz</hash></hashes></component></components>')), /<hash> content is not a hex digest/);
    await refused(write('e.xml', xml('<components><component type="library" bom-ref="r"><name>x</name></component><component type="library" bom-ref="r"><name>y</name></component></components>')), /the bom-ref "r" is used twice/);
    await refused(write('f.xml', xml('<components><component type="gizmo"><name>x</name></component></components>')), /the component type "gizmo" is not one of application, framework/);
    await refused(write('g.xml', xml('<components><component type="library"><name>x</name><licenses><license></license></licenses></component></components>')), /<license> has neither <id> nor <name>/);
  });

  it('that is hostile (a DOCTYPE with entities, deep nesting), cut short or in another namespace is refused', async () => {
    await refused(write('xxe.xml', '<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components>&x;</components></bom>'), /has a DOCTYPE \(line \d\); it has no need of one, and it is not read\.$/);
    await refused(write('deep.xml', xml(`${'<components><component type="library"><name>x</name>'.repeat(40)}`)), /nests deeper than 64 levels/);
    await refused(write('cut.xml', '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">\n<components>\n<component type="library"><name>x</name>'), /^This CycloneDX XML BOM is cut short: it ends \(line \d\) before <\w+> is closed\.$/);
    await refused(write('ns.xml', xml('', 'http://example.com/bom')), 'This XML file\'s root is <bom> but in the namespace "http://example.com/bom", not a CycloneDX one (http://cyclonedx.org/schema/bom/1.x).');
  });
});

describe('an SPDX document that breaks the specification', () => {
  const base = () => JSON.parse(fs.readFileSync(fixture('spdx-2.2.json'), 'utf8')) as Record<string, unknown> & { packages: Array<Record<string, unknown>>; creationInfo: Record<string, unknown> };
  it('is refused naming the field and the clause', async () => {
    const a = base(); a.dataLicense = 'MIT';
    await refused(write('a.spdx.json', a), 'This SPDX-2.2 document breaks the specification: dataLicense must be "CC0-1.0" (SPDX 2.2 clause 6.2).');
    const b = base(); delete b.packages[2]?.downloadLocation;
    await refused(write('b.spdx.json', b), 'This SPDX-2.2 document breaks the specification: packages[2].downloadLocation is required (a URL, NONE or NOASSERTION; SPDX 2.2 clause 7.7).');
    const c = base(); delete c.packages[1]?.licenseConcluded;
    await refused(write('c.spdx.json', c), 'This SPDX-2.2 document breaks the specification: packages[1].licenseConcluded is required in SPDX 2.2 (NOASSERTION allowed; SPDX 2.2 clause 7.13).');
    const d = base(); d.creationInfo.creators = [];
    await refused(write('d.spdx.json', d), /creationInfo\.creators needs at least one creator \(SPDX 2\.2 clause 6\.8\)\.$/);
    const e = base(); e.spdxVersion = 'SPDX-2.1';
    await refused(write('e.spdx.json', e), 'This SPDX document declares "SPDX-2.1"; SPDX-2.2 and SPDX-2.3 are read.');
    const tag = fs.readFileSync(fixture('spdx-2.3.spdx'), 'utf8');
    await refused(write('f.spdx', tag.replace('Created: 2026-11-24T11:20:00Z\n', '')), 'This SPDX-2.3 document breaks the specification: Created is required, as YYYY-MM-DDThh:mm:ssZ (SPDX 2.3 clause 6.9).');
    await refused(write('g.spdx', tag.replace('PackageDownloadLocation: https://crates.io/api/v1/crates/ring/0.17.7/download\n', '')), 'This SPDX-2.3 document breaks the specification: PackageDownloadLocation (line 20) is required (a URL, NONE or NOASSERTION; SPDX 2.3 clause 7.7).');
    await refused(write('h.spdx', tag.replace('Portions Copyright (c) 2014 Google Inc.</text>', 'Portions')), /^This SPDX tag-value document is cut short: the <text> value of PackageCopyrightText opened at line 29 is never closed\.$/);
  });
});

describe('an OpenVEX document that breaks the specification', () => {
  const doc = (statement: object) => ({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', author: 'a', timestamp: '2026-11-30T10:00:00Z', version: 1, statements: [statement] });
  it('is refused naming the statement and the rule', async () => {
    await refused(write('a.json', doc({ vulnerability: { name: 'CVE-1' }, products: [], status: 'maybe' })), 'This OpenVEX document\'s statements[0].status "maybe" is not one of not_affected, affected, fixed, under_investigation.');
    await refused(write('b.json', doc({ vulnerability: { name: 'CVE-1' }, products: [], status: 'not_affected' })), 'This OpenVEX document\'s statements[0] says not_affected with neither a justification nor an impact_statement (OpenVEX requires one).');
  });
});

describe('SBOM imports never fail in an unplanned way', () => {
  const outcome = async (content: string, kind?: 'cyclonedx' | 'spdx' | 'openvex') => {
    const file = write('p.bin', content);
    try {
      ImportResult.parse(await importFile(file, kind ? { kind } : {}));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(/^[A-Z"].*[.)]$/s);
    }
  };
  const component = fc.record({ type: fc.constantFrom('library', 'application', 'bogus'), name: fc.string({ maxLength: 8 }), version: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }), purl: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }), licenses: fc.option(fc.array(fc.oneof(fc.record({ expression: fc.constantFrom('MIT', 'MIT OR', 'GPL-2.0+ WITH x', 'LicenseRef-a AND BSD-3-Clause') }), fc.record({ license: fc.record({ id: fc.constantFrom('MIT', 'Nope') }) }))), { nil: undefined }) }, { requiredKeys: ['type'] });

  it('random CycloneDX-like JSON, random JSON read as each SBOM kind, and random XML give facts or a VALIDATION', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('1.2', '1.3', '1.4', '1.5', '1.6', '9'), fc.array(component, { maxLength: 6 }), async (version, components) => {
      await outcome(JSON.stringify(bom(version, components)));
    }), { numRuns: 60 });
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('cyclonedx', 'spdx', 'openvex') as fc.Arbitrary<'cyclonedx'>, async (value, kind) => {
      await outcome(JSON.stringify(value), kind);
    }), { numRuns: 90 });
    const tag = fc.constantFrom('bom', 'components', 'component', 'name', 'version', 'licenses', 'license', 'id', 'expression', 'hashes', 'hash', 'dependencies', 'dependency', 'vulnerabilities', 'vulnerability', 'analysis', 'state');
    const element: fc.Arbitrary<string> = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 6 }).map((t) => t.replace(/[<&]/g, '')), fc.tuple(tag, fc.constantFrom('', ' type="library"', ' ref="a"', ' bom-ref="a"', ' alg="MD5"'), fc.array(tie('node'), { maxLength: 3 })).map(([t, a, c]) => `<${t}${a}>${c.join('')}</${t}>`)) })).node as fc.Arbitrary<string>;
    await fc.assert(fc.asyncProperty(fc.array(element, { maxLength: 4 }), fc.constantFrom('1.2', '1.4', '1.6', '7'), async (children, version) => {
      await outcome(`<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/${version}" version="1">${children.join('')}</bom>`, 'cyclonedx');
    }), { numRuns: 80 });
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('SPDXVersion', 'DataLicense', 'SPDXID', 'PackageName', 'PackageLicenseDeclared', 'Relationship', 'Created', 'Creator', 'PackageCopyrightText', 'x'), fc.constantFrom('SPDX-2.3', 'CC0-1.0', 'SPDXRef-DOCUMENT', 'SPDXRef-a', 'MIT OR', '<text>open', 'a DEPENDS_ON b', '2026-01-01T00:00:00Z', '')), { maxLength: 20 }), async (rows) => {
      await outcome(rows.map(([t, v]) => `${t}: ${v}`).join('\n'), 'spdx');
    }), { numRuns: 60 });
  });

  it('a very deep or very large BOM is refused or read, never crashes', async () => {
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.4","version":1,"components":[${'{"type":"library","name":"c","components":['.repeat(5000)}${']}'.repeat(5000)}]}`;
    await expect(importFile(write('deep.json', deep))).rejects.toMatchObject({ code: 'VALIDATION', message: 'This CycloneDX BOM nests deeper than 200 levels, which no BOM does; it is not read.' });
    await outcome(JSON.stringify(bom('1.4', Array.from({ length: 10_000 }, (_, i) => ({ type: 'library', name: `c${i}`, version: '1.0.0', purl: `pkg:npm/c${i}@1.0.0`, licenses: [{ license: { id: 'MIT' } }] })))));
    await outcome(`${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'cyclonedx');
  });
});
