import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportResult, type Fact, type FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { fixture, real, realworldMissing } from './test-files';

// SBOMs and VEX documents: CycloneDX 1.2–1.6 (JSON and XML), SPDX 2.2/2.3 (JSON and tag-value) and
// OpenVEX, each read into the facts a rule and the components list use, each fact pointing at its lines.

const of = <K extends Fact['kind']>(facts: Fact[], kind: K) => facts.filter((f): f is FactOf<K> => f.kind === kind);
const linesOf = (file: string, fact: Fact) => fs.readFileSync(file, 'utf8').split('\n').slice(fact.lines[0] - 1, fact.lines[1]).join('\n');

async function read(file: string) {
  const result = await importFile(file);
  ImportResult.parse(result);
  return result;
}

describe('CycloneDX', () => {
  it.skipIf(realworldMissing)('a real 1.4 JSON BOM (Laravel, cyclonedx-php-composer) gives its 62 components with licences and dependencies', async () => {
    const result = await read(real('cyclonedx-laravel-bom.1.4.json'));
    expect(result.kind).toBe('cyclonedx');
    const [doc] = of(result.facts, 'sbom-document');
    expect(doc).toMatchObject({ format: 'cyclonedx', specVersion: '1.4', encoding: 'json', name: 'cyclonedx-php-composer-demo', components: 62 });
    const components = of(result.facts, 'sbom-component');
    expect(components).toHaveLength(62);
    expect(components[0]).toMatchObject({ ref: 'asm89/stack-cors-1.3.0.0', name: 'stack-cors', group: 'asm89', version: '1.3.0', purl: 'pkg:composer/asm89/stack-cors@1.3.0', licence: { expression: 'MIT', ids: ['MIT'], valid: true } });
    expect(components[0]?.dependsOn).toEqual(['symfony/http-foundation-5.4.16.0', 'symfony/http-kernel-5.4.16.0']);
    expect(linesOf(real('cyclonedx-laravel-bom.1.4.json'), components[0] as Fact)).toContain('"bom-ref": "asm89/stack-cors-1.3.0.0"');
  });

  it('1.2 and 1.3 JSON: supplier, scope, hashes, WITH exceptions, a licence given only by name, and none at all', async () => {
    const v12 = of((await read(fixture('cyclonedx-1.2.json'))).facts, 'sbom-component');
    expect(v12.map((c) => [c.name, c.scope, c.supplier])).toEqual([['commons-lang3', 'required', 'The Apache Software Foundation'], ['mysql-connector-java', 'optional', null]]);
    expect(v12[0]?.hashes).toEqual({ 'SHA-1': 'c6842c86792ff03b9f1d1fe2aab8dc23aa6c6f0e' });
    expect(v12[1]?.licence).toEqual({ expression: 'GPL-2.0-only WITH Universal-FOSS-exception-1.0', ids: ['GPL-2.0-only'], valid: true, problem: null, assertion: 'declared' });
    const v13 = of((await read(fixture('cyclonedx-1.3.json'))).facts, 'sbom-component');
    expect(v13[0]?.licence).toMatchObject({ assertion: 'name-only', valid: false, ids: [] });
    expect(v13[1]?.licence).toMatchObject({ expression: null, assertion: 'noassertion' });
    expect(v13[0]?.dependsOn).toEqual(['no-licence@0.0.1']);
  });

  it('1.5 and 1.6 JSON: nested components flattened, tools as components, vulnerabilities with ratings, fixes and analysis', async () => {
    const result = await read(fixture('cyclonedx-1.5.json'));
    expect(of(result.facts, 'sbom-document')[0]).toMatchObject({ specVersion: '1.5', tools: ['syft 1.4.1'], components: 3, name: 'registry.example.com/payments' });
    expect(of(result.facts, 'sbom-component').map((c) => c.name)).toEqual(['express', 'qs', 'sharp']);
    const [vuln] = of(result.facts, 'vulnerability');
    expect(vuln).toMatchObject({ id: 'CVE-2022-24999', aliases: ['GHSA-hrpp-h998-j3pp'], source: 'sbom', severity: 'high', score: 7.5, fixedIn: ['6.11.1'] });
    expect(vuln?.affects).toEqual([{ ref: 'pkg:npm/qs@6.11.0', purl: 'pkg:npm/qs@6.11.0', name: 'qs', version: '6.11.0' }]);
    expect(of(result.facts, 'vex-statement')[0]).toMatchObject({ format: 'cyclonedx', state: 'exploitable', response: ['update'], products: ['pkg:npm/qs@6.11.0'] });
    const v16 = of((await read(fixture('cyclonedx-1.6.json'))).facts, 'sbom-component');
    expect(v16.map((c) => c.type)).toEqual(['library', 'library', 'library', 'cryptographic-asset']);
    expect(v16[0]).toMatchObject({ supplier: 'Python Software Foundation', dependsOn: ['pkg:pypi/chardet@5.2.0'] });
    expect(v16[2]?.licence.ids).toEqual(['LGPL-2.1-or-later', 'MIT']);
  });

  it('1.4 XML: nested components, the dependency graph, a licence by name, and a vulnerability with its analysis, each at its lines', async () => {
    const file = fixture('cyclonedx-1.4.xml');
    const result = await read(file);
    expect(result.kind).toBe('cyclonedx');
    expect(of(result.facts, 'sbom-document')[0]).toMatchObject({ encoding: 'xml', specVersion: '1.4', name: 'Contoso.Billing', tools: ['CycloneDX cyclonedx-dotnet 2.7.0'], components: 4 });
    const components = of(result.facts, 'sbom-component');
    expect(components.map((c) => c.name)).toEqual(['Microsoft.AspNetCore.App', 'Microsoft.Extensions.Logging', 'iTextSharp', 'Newtonsoft.Json']);
    expect(components[0]).toMatchObject({ type: 'framework', supplier: 'Microsoft', scope: 'required', dependsOn: ['pkg:nuget/Microsoft.Extensions.Logging@8.0.0'] });
    expect(components[3]).toMatchObject({ group: 'JamesNK', licence: { assertion: 'name-only' } });
    expect(linesOf(file, components[1] as Fact)).toMatch(/^\s*<component type="library" bom-ref="pkg:nuget\/Microsoft.Extensions.Logging@8.0.0">[\s\S]*<\/component>$/);
    expect(of(result.facts, 'vex-statement')[0]).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable', products: ['pkg:nuget/Newtonsoft.Json@13.0.1'] });
  });

  it('a VEX file (a BOM with vulnerabilities and no components) gives vex-sourced vulnerabilities and decisions', async () => {
    const result = await read(fixture('cyclonedx-vex.json'));
    const vulns = of(result.facts, 'vulnerability');
    expect(vulns.map((v) => [v.id, v.source, v.severity, v.score])).toEqual([['CVE-2021-44228', 'vex', 'critical', 10], ['CVE-2022-24999', 'vex', 'high', null]]);
    expect(vulns[1]?.affects[0]).toEqual({ ref: null, purl: 'pkg:npm/qs@6.11.0', name: 'qs', version: '6.11.0' });
    expect(of(result.facts, 'vex-statement').map((s) => [s.state, s.justification, s.at?.utc ?? null])).toEqual([['not_affected', 'code_not_reachable', '2026-11-29T15:00:00.000Z'], ['in_triage', null, null]]);
  });
});

describe('SPDX', () => {
  it.skipIf(realworldMissing)('the spec\'s 2.3 JSON example: its packages, NOASSERTION, LicenseRef- ids and the described root', async () => {
    const result = await read(real('spdx-2.3-example.spdx.json'));
    expect(result.kind).toBe('spdx');
    expect(of(result.facts, 'sbom-document')[0]).toMatchObject({ format: 'spdx', specVersion: 'SPDX-2.3', encoding: 'json', name: 'glibc', version: '2.11.1', tools: ['LicenseFind-1.0'], components: 4 });
    const components = of(result.facts, 'sbom-component');
    expect(components.map((c) => [c.name, c.licence.expression, c.licence.assertion])).toEqual([
      ['glibc', '(LGPL-2.0-only OR LicenseRef-3)', 'declared'],
      ['Apache Commons Lang', 'NOASSERTION', 'noassertion'],
      ['Jena', null, 'noassertion'],
      ['Saxon', 'MPL-1.0', 'declared'],
    ]);
    expect(components[0]?.licence.ids).toEqual(['LGPL-2.0-only', 'LicenseRef-3']);
    expect(components[2]?.purl).toBe('pkg:maven/org.apache.jena/apache-jena@3.12.0');
  });

  it('2.2 JSON: relationships DEPENDS_ON, DEPENDENCY_OF and CONTAINS become dependencies; checksums and suppliers', async () => {
    const components = of((await read(fixture('spdx-2.2.json'))).facts, 'sbom-component');
    expect(components[0]?.dependsOn).toEqual(['SPDXRef-Package-x-crypto', 'SPDXRef-Package-mysql', 'SPDXRef-Package-vendored']);
    expect(components[1]).toMatchObject({ supplier: 'The Go Authors', hashes: { 'SHA-256': '9d2f5e1b4c3a29180716253443526170819aabbccddeeff00112233445566778' } });
    expect(components[3]?.licence.assertion).toBe('noassertion');
  });

  it('2.3 tag-value: multi-line text, AND/OR/WITH, LicenseRef-, NOASSERTION and a broken expression, each package at its lines', async () => {
    const file = fixture('spdx-2.3.spdx');
    const result = await read(file);
    expect(of(result.facts, 'sbom-document')[0]).toMatchObject({ encoding: 'tag-value', name: 'gateway', purl: 'pkg:cargo/gateway@1.9.0', tools: ['spdx-sbom-generator-0.0.15'] });
    const components = of(result.facts, 'sbom-component');
    expect(components.map((c) => [c.name, c.licence.valid, c.licence.assertion])).toEqual([
      ['gateway', true, 'declared'], ['ring', true, 'declared'], ['libgcc', true, 'declared'], ['mystery-blob', false, 'noassertion'], ['bad-expression', false, 'declared'],
    ]);
    expect(components[1]?.licence.ids).toEqual(['LicenseRef-ring', 'ISC', 'MIT', 'Apache-2.0']);
    expect(components[4]?.licence.problem).toMatch(/^"MIT OR OR Apache-2.0" is not a valid SPDX licence expression/);
    expect(components[0]).toMatchObject({ type: 'application', dependsOn: ['SPDXRef-ring', 'SPDXRef-libgcc', 'SPDXRef-blob'] });
    expect(linesOf(file, components[1] as Fact)).toMatch(/^PackageName: ring[\s\S]*Portions Copyright/);
  });
});

describe('OpenVEX', () => {
  it('gives each statement with its status, justification, products (subcomponents too), statement and time', async () => {
    const result = await read(fixture('openvex.json'));
    expect(result.kind).toBe('openvex');
    const statements = of(result.facts, 'vex-statement');
    expect(statements.map((s) => [s.vulnerability, s.state, s.justification])).toEqual([
      ['CVE-2022-24999', 'not_affected', 'vulnerable_code_not_in_execute_path'], ['CVE-2024-21907', 'affected', null], ['CVE-2023-0001', 'under_investigation', null],
    ]);
    expect(statements[0]).toMatchObject({ aliases: ['GHSA-hrpp-h998-j3pp'], products: ['pkg:oci/payments@sha256%3Aabc123', 'pkg:npm/qs@6.11.0'], author: 'Example Ltd Product Security <psirt@example.com>', at: { utc: '2026-11-30T10:00:00.000Z' } });
    expect(statements[1]).toMatchObject({ detail: 'Upgrade to 13.0.3 in the next sprint.', at: { utc: '2026-11-30T11:30:00.000Z' } });
  });
});
