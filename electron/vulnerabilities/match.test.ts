import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Fact, FactOf } from '../../shared/api/imports';
import { tempDir, testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { importSummary, listFacts } from '../imports/store';
import { afterImport } from '../intake/after-import';
import { createRelease, saveComponents } from '../releases/service';
import { listDrafts, runRules } from '../rules/drafts';
import { storeFacts } from '../rules/facts.fixture';
import type { Core } from '../services';
import { importDatabase } from './load';
import { matchRelease } from './match';
import { writeOsvFolder } from './osv.fixture';
import { listVulnerabilities } from './service';

// A release's components matched against the offline OSV database, end to end through the real
// store: an SBOM's components are recorded (as the SBOM importer records them), the match runs by
// itself after the import, its evidence cites the database, and the shipped rules draft findings
// naming the component, its purl and the vulnerability.

const licence = { expression: 'MIT', ids: ['MIT'], valid: true, problem: null, assertion: 'declared' as const };
const component = (name: string, version: string | null, purl: string | null, line: number): FactOf<'sbom-component'> => ({
  kind: 'sbom-component', lines: [line, line + 4], ref: purl ?? name, name, group: null, version, purl, type: 'library', supplier: null, licence, hashes: {}, dependsOn: [], scope: 'required',
});
const sbomComponents: Fact[] = [
  component('lodash', '4.17.20', 'pkg:npm/lodash@4.17.20', 10),
  component('minimist', '1.2.5', 'pkg:npm/minimist@1.2.5', 20),
  component('requests', '2.30.0', 'pkg:pypi/requests@2.30.0', 30),
  component('openssl', '3.0.11-1~deb12u1', 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12', 40),
  component('express', '4.18.2', 'pkg:npm/express@4.18.2', 50),
  component('lodash-new', '4.17.21', 'pkg:npm/lodash@4.17.21', 60),
  component('in-house', '1.0.0', null, 70),
];

async function setUp(core: Core, withDatabase = true) {
  if (withDatabase) await importDatabase(core, writeOsvFolder(tempDir()));
  const audit = createAudit(core, { name: 'Q4 releases', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'shop-2.4.0' });
  return { audit, release };
}

async function importSbom(core: Core, auditId: string, releaseId: string, facts: Fact[] = sbomComponents) {
  const stored = await storeFacts(core, { auditId, releaseId, fileName: 'bom.cdx.json', content: JSON.stringify({ bomFormat: 'CycloneDX', n: facts.length }), kind: 'sarif', facts });
  return afterImport(core, { import: importSummary(core, stored.importId), alreadyImported: false, drafted: 0, notes: [] }, { index: 'await' });
}

const osvFacts = (core: Core, releaseId: string) => listFacts(core, { releaseId, kind: 'vulnerability', offset: 0, limit: 1000 }).items.map((i) => i.fact as FactOf<'vulnerability'>);

describe('matching a release against the OSV database', () => {
  it('runs after an SBOM import, by purl and version, with computed CVSS scores, and drafts findings for undecided critical and high ones', async () => {
    const core = testCore();
    const { audit, release } = await setUp(core);
    saveComponents(core, release.id, [{ name: 'legacy minimist', version: '0.2.1', licence: '', vulnerabilityStatus: 'unknown', notes: 'vendored copy, pkg:npm/minimist@0.2.1' }]);
    const outcome = await importSbom(core, audit.id, release.id);
    expect(outcome.notes[0]).toBe('Matched 7 components against the OSV database: 5 known vulnerabilities.');
    const found = osvFacts(core, release.id);
    const summary = found.map((f) => `${f.id} ${f.affects[0]?.purl} ${f.severity} ${f.score} [${f.fixedIn.join(',')}]`).sort();
    expect(summary).toEqual([
      'DSA-5532-1 pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12 unknown null [3.0.11-1~deb12u2]',
      'GHSA-35jh-r3h4-6jhm pkg:npm/lodash@4.17.20 high 7.2 [4.17.21]',
      'GHSA-xvch-5gv4-984h pkg:npm/minimist@0.2.1 critical 9.8 [0.2.4,1.2.6]',
      'GHSA-xvch-5gv4-984h pkg:npm/minimist@1.2.5 critical 9.8 [0.2.4,1.2.6]',
      'PYSEC-2023-74 pkg:pypi/requests@2.30.0 medium null [2.31.0]',
    ]);
    // The evidence: one line per match, naming the database it was matched against.
    const match = core.sqlite.prepare("SELECT i.id, i.sha256, e.original_name AS name FROM imports i JOIN evidence e ON e.id = i.evidence_id WHERE i.kind = 'osv-match'").get() as { id: string; sha256: string; name: string };
    const text = fs.readFileSync(core.vault.objectPath(match.sha256), 'utf8');
    const lines = text.split('\n');
    const doc = JSON.parse(text) as { schema: string; database: { sha256: string; records: number } };
    expect(doc.schema).toBe('release-audit/osv-match@1');
    expect(doc.database.records).toBe(5);
    expect(match.name).toMatch(/^OSV match of shop-2\.4\.0 \(database [0-9a-f]{12}\)\.json$/);
    for (const fact of found) expect(lines[fact.lines[0] - 1]).toContain(`"id":"${fact.id}"`);
    // The rules ran after the match: the undecided high and critical ones are drafted, naming component, purl and id.
    const drafts = listDrafts(core, { auditId: audit.id, releaseId: release.id }).filter((d) => d.ruleId === 'VULN-UNDECIDED');
    expect(drafts.map((d) => d.title).sort()).toEqual([
      'critical vulnerability GHSA-xvch-5gv4-984h in minimist 0.2.1 has no VEX decision',
      'critical vulnerability GHSA-xvch-5gv4-984h in minimist 1.2.5 has no VEX decision',
      'high vulnerability GHSA-35jh-r3h4-6jhm in lodash 4.17.20 has no VEX decision',
    ]);
    expect(drafts.find((d) => d.title.includes('lodash'))?.condition).toContain('(pkg:npm/lodash@4.17.20)');
    expect(drafts.every((d) => d.proof.some((p) => p.importId === match.id))).toBe(true);
    // Matching again against the same database and components records nothing new.
    const again = await matchRelease(core, release.id);
    expect(again.outcome).toMatchObject({ importId: match.id, alreadyRecorded: true, matches: 5 });
  });

  it('says plainly when there is no database, and does not run after an import without one', async () => {
    const core = testCore();
    const { audit, release } = await setUp(core, false);
    await expect(matchRelease(core, release.id)).rejects.toThrow('This computer has no OSV database yet: import one (a folder or zip of OSV records) first.');
    const outcome = await importSbom(core, audit.id, release.id);
    expect(outcome.notes).toEqual([]);
    expect(osvFacts(core, release.id)).toEqual([]);
  });
});

const vuln = (over: Partial<FactOf<'vulnerability'>>): FactOf<'vulnerability'> => ({
  kind: 'vulnerability', lines: [100, 120], id: 'CVE-2024-0001', aliases: [], source: 'sbom', severity: 'high', score: 8.1, vector: null,
  affects: [{ ref: 'pkg:npm/lodash@4.17.20', purl: null, name: null, version: null }], fixedIn: [], summary: 'A flaw', published: null, ...over,
});
const vex = (over: Partial<FactOf<'vex-statement'>>): FactOf<'vex-statement'> => ({
  kind: 'vex-statement', lines: [200, 210], format: 'openvex', vulnerability: 'CVE-2024-0001', aliases: [], products: ['pkg:npm/lodash@4.17.20'], state: 'not_affected',
  justification: 'vulnerable_code_not_in_execute_path', response: [], detail: null, at: { text: '2026-11-20T10:00:00Z', utc: '2026-11-20T10:00:00.000Z', offset: 'Z', zone: 'stated' }, author: 'Security team', ...over,
});

async function draftsFor(facts: Fact[]) {
  const core = testCore();
  const { audit, release } = await setUp(core, false);
  await storeFacts(core, { auditId: audit.id, releaseId: release.id, fileName: 'sbom-and-vex.json', content: JSON.stringify(facts), kind: 'sarif', facts: [component('lodash', '4.17.20', 'pkg:npm/lodash@4.17.20', 10), ...facts] });
  runRules(core, audit.id, release.id);
  return { core, release, drafts: listDrafts(core, { auditId: audit.id, releaseId: release.id }).filter((d) => d.ruleId.startsWith('VULN-')) };
}

describe('the vulnerability rules, each with a file that triggers it and one that does not', () => {
  it('VULN-UNDECIDED: high with no decision, or still in triage; a decision by an alias silences it; a medium one never', async () => {
    expect((await draftsFor([vuln({})])).drafts.map((d) => d.ruleId)).toEqual(['VULN-UNDECIDED']);
    expect((await draftsFor([vuln({}), vex({ state: 'in_triage' })])).drafts.map((d) => d.ruleId)).toEqual(['VULN-UNDECIDED']);
    expect((await draftsFor([vuln({ aliases: ['GHSA-aaaa-bbbb-cccc'] }), vex({ vulnerability: 'GHSA-aaaa-bbbb-cccc', products: ['pkg:npm/lodash'] })])).drafts).toEqual([]);
    expect((await draftsFor([vuln({ severity: 'medium', score: 5 })])).drafts).toEqual([]);
    // A statement about another product decides nothing for this one.
    expect((await draftsFor([vuln({}), vex({ products: ['pkg:npm/lodash@3.0.0'] })])).drafts.map((d) => d.ruleId)).toEqual(['VULN-UNDECIDED']);
  });

  it('the same vulnerability from the SBOM and from OSV is one row and drafts once', async () => {
    const { drafts, core, release } = await draftsFor([vuln({ id: 'GHSA-x', aliases: ['CVE-2024-0001'], source: 'osv', affects: [{ ref: null, purl: 'pkg:npm/lodash@4.17.20', name: 'lodash', version: '4.17.20' }] }), vuln({})]);
    expect(drafts.map((d) => d.ruleId)).toEqual(['VULN-UNDECIDED']);
    const page = listVulnerabilities(core, { releaseId: release.id, sort: 'severity', offset: 0, limit: 50 });
    expect(page.items.map((i) => [i.vulnerability, i.sources, i.component.purl])).toEqual([['CVE-2024-0001', ['sbom', 'osv'], 'pkg:npm/lodash@4.17.20']]);
  });

  it('VULN-EXPLOITABLE-NO-FIX: exploitable with no fixed version and no update, rollback or workaround; a workaround or a fixed version silences it', async () => {
    const triggered = await draftsFor([vuln({}), vex({ state: 'exploitable', response: ['will_not_fix'], justification: null })]);
    expect(triggered.drafts.map((d) => d.ruleId)).toEqual(['VULN-EXPLOITABLE-NO-FIX']);
    expect(triggered.drafts[0]?.title).toBe('Vulnerability CVE-2024-0001 in lodash 4.17.20 is exploitable with no fix');
    expect(triggered.drafts[0]?.proof.map((p) => p.kind).sort()).toEqual(['vex-statement', 'vulnerability']);
    expect((await draftsFor([vuln({}), vex({ state: 'affected' })])).drafts.map((d) => d.ruleId)).toEqual(['VULN-EXPLOITABLE-NO-FIX']);
    expect((await draftsFor([vuln({}), vex({ state: 'exploitable', response: ['workaround_available'] })])).drafts).toEqual([]);
    expect((await draftsFor([vuln({ fixedIn: ['4.17.21'] }), vex({ state: 'exploitable' })])).drafts).toEqual([]);
  });

  it('the release list filters by severity and state and counts the whole release', async () => {
    const { core, release } = await draftsFor([vuln({}), vuln({ id: 'CVE-2024-0002', severity: 'low', score: 2 }), vex({ vulnerability: 'CVE-2024-0002' })]);
    const all = listVulnerabilities(core, { releaseId: release.id, sort: 'severity', offset: 0, limit: 50 });
    expect(all.items.map((i) => `${i.vulnerability} ${i.severity} ${i.vexState} ${i.decided}`)).toEqual(['CVE-2024-0001 high null false', 'CVE-2024-0002 low not_affected true']);
    expect(all.bySeverity).toEqual({ high: 1, low: 1 });
    expect(all.byState).toEqual({ undecided: 1, not_affected: 1 });
    expect(listVulnerabilities(core, { releaseId: release.id, states: ['undecided'], sort: 'state', offset: 0, limit: 50 }).items.map((i) => i.vulnerability)).toEqual(['CVE-2024-0001']);
    expect(listVulnerabilities(core, { releaseId: release.id, severities: ['low'], sort: 'severity', offset: 0, limit: 50 }).total).toBe(1);
  });
});
