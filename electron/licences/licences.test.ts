import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conclude } from '../../tests/helpers/conclude';
import { testCore } from '../../tests/helpers/temp';
import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import { createAudit, finaliseAudit } from '../audits/service';
import { importFile } from '../imports/import-file';
import { importInto } from '../imports/store';
import { fixture, real, realworldMissing } from '../imports/test-files';
import { createRelease } from '../releases/service';
import { evaluatePack } from '../rules/evaluate';
import { listDrafts, runRules } from '../rules/drafts';
import { parsePackText } from '../rules/pack-file';
import { defaultPackSource } from '../rules/packs';
import { licenceFromExpression } from '../imports/sbom-licence';
import { defaultLicencePolicy } from './default-policy';
import { getLicencePolicy, setLicencePolicy } from './service';
import { licenceVerdict } from './verdict';

// The licence policy: verdicts on parsed SPDX expressions (OR takes the best side, AND the worst
// part), the audit's own policy through the API and the ledger, and the three rules that draft a
// finding for a denied, unknown or missing licence, each on a file that triggers it and one that does not.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pack = parsePackText(defaultPackSource(root), 'default-pack.yaml').content;
const judge = (expression: string | null) => licenceVerdict(licenceFromExpression(expression), defaultLicencePolicy);

describe('a licence verdict', () => {
  it.each([
    ['MIT', 'allowed'], ['Apache-2.0 OR GPL-3.0-only', 'allowed'], ['(MIT AND BSD-3-Clause)', 'allowed'], ['LGPL-2.1-or-later OR MIT', 'allowed'],
    ['Apache-2.0 AND LGPL-3.0-or-later', 'review'], ['GPL-2.0-only WITH Classpath-exception-2.0', 'review'], ['MPL-2.0', 'review'],
    ['GPL-3.0-only', 'denied'], ['MIT AND AGPL-3.0-or-later', 'denied'], ['GPL-2.0+', 'denied'],
    ['LicenseRef-acme', 'unknown'], ['MIT AND LicenseRef-acme', 'unknown'], ['GPL-2.0-only WITH Universal-FOSS-exception-1.0', 'unknown'], ['MIT OR OR Apache-2.0', 'unknown'],
    ['NOASSERTION', 'missing'], ['NONE', 'missing'], [null, 'missing'],
  ])('of %s is %s', (expression, verdict) => {
    expect(judge(expression).verdict).toBe(verdict);
  });

  it('says why in a sentence naming the licences that decide it', () => {
    expect(judge('MIT AND AGPL-3.0-or-later').reason).toBe('MIT AND AGPL-3.0-or-later is denied by the licence policy (AGPL-3.0-or-later).');
    expect(judge('MIT AND LicenseRef-acme').reason).toBe('MIT AND LicenseRef-acme names a licence the policy does not list (LicenseRef-acme).');
    expect(judge(null).reason).toBe('No licence is declared.');
  });
});

describe("an audit's licence policy", () => {
  it('is the shipped default until set; set through the API it is checked, ledgered, and read by the rules', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Licences', description: '' });
    const handlers = createHandlers(core);
    const dispatchOrThrow = async (method: string, input: unknown) => {
      const result = await dispatch(handlers, method, input);
      if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
      return result.value;
    };
    const first = await dispatchOrThrow('licences.policy.get', { auditId: audit.id });
    expect(first).toMatchObject({ own: false, allowed: defaultLicencePolicy.allowed, updatedAt: null });
    const saved = await dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: ['MIT', 'GPL-3.0-only'], review: ['LicenseRef-acme'], denied: ['AGPL-3.0-only'], note: 'Legal exception LEG-14 for GPL.' });
    expect(saved).toMatchObject({ own: true, allowed: ['MIT', 'GPL-3.0-only'], note: 'Legal exception LEG-14 for GPL.', updatedBy: core.actor });
    expect(core.sqlite.prepare("SELECT count(*) AS n FROM ledger WHERE entity = 'licence_policies'").get()).toEqual({ n: 1 });
    // Saving the same again writes nothing.
    await dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: ['MIT', 'GPL-3.0-only'], review: ['LicenseRef-acme'], denied: ['AGPL-3.0-only'], note: 'Legal exception LEG-14 for GPL.' });
    expect(core.sqlite.prepare("SELECT count(*) AS n FROM ledger WHERE entity = 'licence_policies'").get()).toEqual({ n: 1 });
    await expect(dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: ['MIT OR ISC'], review: [], denied: [] })).rejects.toMatchObject({ code: 'VALIDATION', message: 'allowed[0]: "MIT OR ISC" combines licences with AND or OR; list each licence on its own.' });
    await expect(dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: ['Not a licence!'], review: [], denied: [] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^allowed\[0\]: "Not a licence!" is not an SPDX licence id/) });
    await expect(dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: ['MIT'], review: [], denied: ['MIT'] })).rejects.toMatchObject({ code: 'VALIDATION', message: '"MIT" is listed both as allowed and as denied; a licence belongs to one list.' });
    await expect(dispatchOrThrow('licences.policy.set', { auditId: audit.id, allowed: 'MIT', review: [], denied: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(getLicencePolicy(core, audit.id).allowed).toEqual(['MIT', 'GPL-3.0-only']);
    const reset = setLicencePolicy(core, { auditId: audit.id, reset: true });
    expect(reset.denied).toEqual(defaultLicencePolicy.denied);
    conclude(core, audit.id);
    finaliseAudit(core, audit.id);
    expect(() => setLicencePolicy(core, { auditId: audit.id, allowed: [], review: [], denied: [], note: '' })).toThrow(/finalised/);
  });
});

describe('the licence rules', () => {
  const fired = async (file: string, policy = defaultLicencePolicy) => {
    const facts = (await importFile(file)).facts.map((data, i) => ({ id: `f${i}`, importId: 'i', evidenceId: 'e', releaseId: 'r', data }));
    return evaluatePack(pack, facts, { release: null, audit: { licencePolicy: policy } }).filter((m) => m.ruleId.startsWith('LICENCE-')).map((m) => `${m.ruleId} ${m.title}`);
  };

  it('LICENCE-DENIED fires on a GPL and an AGPL component, naming component and purl, and not on a permissive BOM', async () => {
    expect((await fired(fixture('cyclonedx-1.6.json'))).filter((t) => t.startsWith('LICENCE-DENIED'))).toEqual(['LICENCE-DENIED Component PyQt5 5.15.9 ships under a denied licence (GPL-3.0-only)']);
    const xml = await fired(fixture('cyclonedx-1.4.xml'));
    expect(xml.filter((t) => t.startsWith('LICENCE-DENIED'))).toEqual(['LICENCE-DENIED Component iTextSharp 5.5.13 ships under a denied licence (AGPL-3.0-only)']);
    expect(await fired(fixture('cyclonedx-1.2.json'))).toEqual(['LICENCE-UNKNOWN Component mysql/mysql-connector-java 8.0.28 has a licence the policy does not cover (GPL-2.0-only WITH Universal-FOSS-exception-1.0)']);
    // With a policy that grants the exception, the same BOM drafts nothing.
    expect(await fired(fixture('cyclonedx-1.6.json'), { ...defaultLicencePolicy, allowed: [...defaultLicencePolicy.allowed, 'GPL-3.0-only'], denied: defaultLicencePolicy.denied.filter((d) => d !== 'GPL-3.0-only') })).toEqual(['LICENCE-MISSING Component AES-256-GCM declares no licence']);
  });

  it('LICENCE-UNKNOWN fires on a licence by name only and a broken expression; LICENCE-MISSING on NOASSERTION and none', async () => {
    expect(await fired(fixture('cyclonedx-1.3.json'))).toEqual([
      'LICENCE-UNKNOWN Component left-pad 1.3.0 has a licence the policy does not cover (WTFPL-ish custom licence)',
      'LICENCE-MISSING Component no-licence 0.0.1 declares no licence',
    ]);
    expect(await fired(fixture('spdx-2.3.spdx'))).toEqual([
      'LICENCE-UNKNOWN Component ring 0.17.7 has a licence the policy does not cover (LicenseRef-ring AND ISC AND (MIT OR Apache-2.0))',
      'LICENCE-UNKNOWN Component bad-expression 0.1 has a licence the policy does not cover (MIT OR OR Apache-2.0)',
      'LICENCE-MISSING Component mystery-blob declares no licence',
    ]);
    // A BOM of permissive licences only drafts nothing.
    expect(await fired(fixture('cyclonedx-1.5.json'), { ...defaultLicencePolicy, allowed: [...defaultLicencePolicy.allowed, 'LGPL-3.0-or-later'], review: [] })).toEqual([]);
  });

  it.skipIf(realworldMissing)('on the real Laravel BOM, imported into a release and run, drafts findings that name each component and purl', async () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Laravel', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'laravel 7.12.0' });
    await importInto(core, real('cyclonedx-laravel-bom.1.4.json'), { auditId: audit.id, releaseId: release.id });
    runRules(core, audit.id);
    const drafts = listDrafts(core, { auditId: audit.id }).filter((d) => d.ruleId.startsWith('LICENCE-'));
    const facts = (await importFile(real('cyclonedx-laravel-bom.1.4.json'))).facts;
    const expected = facts.filter((f) => f.kind === 'sbom-component' && licenceVerdict(f.licence, defaultLicencePolicy).verdict !== 'allowed' && licenceVerdict(f.licence, defaultLicencePolicy).verdict !== 'review');
    expect(drafts).toHaveLength(expected.length);
    for (const draft of drafts) expect(draft.condition).toMatch(/\(pkg:composer\/[^)]+\)/);
    // A policy that allows everything found: a new run drafts nothing more.
    setLicencePolicy(core, { auditId: audit.id, allowed: [...defaultLicencePolicy.allowed], review: [], denied: [], note: '' });
    expect(runRules(core, audit.id).drafted).toBe(0);
  });
});
