import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../shared/api/errors';
import { testCore } from '../../tests/helpers/temp';
import { createAudit } from '../audits/service';
import { transact, type Core } from '../services';
import { DEFAULT_PACK_ID, DEFAULT_PACK_V1_ID, defaultPackSource, diffPackVersions, ensureDefaultRulePack, getPack, listPacks, packVersions, pinPack, pinnedPack, savePackVersion } from './packs';

// Rule packs are stored as templates are: versions that never change, pinned to an audit, compared
// in sentences; a bad file is refused whole, with its line, and nothing is stored.

const counts = (core: Core) =>
  core.sqlite.prepare("SELECT (SELECT count(*) FROM rule_packs) AS packs, (SELECT count(*) FROM rule_pack_versions) AS versions, (SELECT count(*) FROM ledger WHERE entity LIKE 'rule_%') AS entries").get();

const minimal = (over: Record<string, unknown> = {}) =>
  stringify({
    schema: 'release-audit/rule-pack@1',
    name: 'Payments team rules',
    parameters: { emergencyApprovalHours: 12 },
    rules: [
      {
        id: 'RUN-FAILED',
        title: 'Pipeline run {fact.name} {fact.result}',
        severity: 'major',
        control: 'RA-DEP-08',
        for: 'run',
        when: { in: ['fact.result', ['failure', 'aborted']] },
        criteria: 'A failed deployment is investigated.',
        condition: 'The run {fact.name} ended as {fact.result}.',
      },
    ],
    ...over,
  });

function refusal(core: Core, text: string): string {
  const before = counts(core);
  let message = '';
  try {
    savePackVersion(core, { text, fileName: 'team-rules.yaml', reason: '' });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    message = (error as Error).message;
  }
  expect(message, 'the pack was refused').not.toBe('');
  expect(counts(core)).toEqual(before);
  return message;
}

describe('rule packs', () => {
  it('ship a default pack, saved once with the same ids on every laptop', () => {
    const core = testCore();
    ensureDefaultRulePack(core);
    ensureDefaultRulePack(core);
    const [pack] = listPacks(core);
    expect(pack).toMatchObject({ id: DEFAULT_PACK_ID, name: 'Release Audit — default rules', versions: [{ id: DEFAULT_PACK_V1_ID, version: 1, rules: 27 }] });
    expect(packVersions(core, DEFAULT_PACK_ID)[0]?.source).toBe(defaultPackSource(core.appRoot));
  });

  it('save YAML as a new pack, then as its next version, and say what changed between them', () => {
    const core = testCore();
    ensureDefaultRulePack(core);
    const v1 = savePackVersion(core, { text: minimal(), fileName: 'team-rules.yaml', reason: 'First cut' });
    expect(v1).toMatchObject({ version: 1, packName: 'Payments team rules', reason: 'First cut', publishedBy: 'test-auditor' });
    expect(v1.content.parameters).toMatchObject({ emergencyApprovalHours: 12, ticketPatterns: ['[A-Z][A-Z0-9]+-\\d+'] });
    const edited = minimal({ id: v1.packId, parameters: { emergencyApprovalHours: 8 } }).replace('severity: major', 'severity: critical');
    const v2 = savePackVersion(core, { text: edited, fileName: 'team-rules.yaml', reason: '' });
    expect(v2).toMatchObject({ packId: v1.packId, version: 2, reason: 'Saved from team-rules.yaml', source: edited });
    expect(diffPackVersions(core, v1.id, v2.id).changes.map((c) => c.text)).toEqual(['Parameter emergencyApprovalHours: 12 → 8', 'Changed rule RUN-FAILED: severity major → critical']);
    expect(getPack(core, v1.packId).versions.map((v) => v.version)).toEqual([2, 1]);
    expect(() => savePackVersion(core, { text: edited, fileName: 'team-rules.yaml', reason: '' })).toThrow(/same rules and parameters as v2/);
    expect(() => diffPackVersions(core, v1.id, DEFAULT_PACK_V1_ID)).toThrow(/same rule pack/);
  });

  it('refuse a malformed pack with its line, and store nothing', () => {
    const core = testCore();
    expect(refusal(core, 'schema: release-audit/rule-pack@1\nname: x\nrules:\n  - id: [unclosed\n')).toMatch(/^team-rules\.yaml: line \d+, column \d+: .+ Nothing was saved\.$/);
    expect(refusal(core, 'name: no schema\nrules: []\n')).toMatch(/line 1: the "schema" field is missing/);
    const lines = minimal().split('\n');
    const bad = (from: string, to: string) => refusal(core, lines.map((l) => (l.includes(from) ? l.replace(from, to) : l)).join('\n'));
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(bad('severity: major', 'severity: urgent')).toBe(`team-rules.yaml: line ${lineOf('severity: major')}: field "rules.0.severity": must be one of critical, major, minor, informational. Nothing was saved.`);
    expect(bad('control: RA-DEP-08', 'control: DEP-8')).toContain(`line ${lineOf('control: RA-DEP-08')}: field "rules.0.control"`);
    expect(bad('control: RA-DEP-08', 'control: RA-DEP-99')).toContain(`line ${lineOf('control: RA-DEP-08')}: field "rules.0.control": RA-DEP-99 is not a control of the library`);
    // The line of the operator's value (its list starts on the next line).
    expect(bad('in:', 'inside:')).toContain(`line ${lineOf('- fact.result')}: field "rules.0.when.inside": "inside" is not an operator`);
    expect(bad('- fact.result', '- fact.result; drop table')).toContain('field "rules.0.when.in.0": must be a path');
    expect(bad('for: run', 'for: build')).toContain('field "rules.0.for": must be one of run, step');
    const unknownParam = minimal().replace("when:\n      in:\n        - fact.result\n        - - failure\n          - aborted", 'when:\n      greater: [fact.lines.1, params.maxLines]');
    expect(unknownParam).toContain('params.maxLines');
    expect(refusal(core, unknownParam)).toMatch(/line \d+: field "rules\.0\.when\.greater\.1": params\.maxLines names no parameter of the pack/);
    expect(refusal(core, minimal({ rules: [] }))).toContain('field "rules": a pack needs at least one rule');
    expect(refusal(core, minimal({ parameters: { ticketPatterns: ['(unclosed'] } }))).toContain('field "parameters.ticketPatterns.0": is not a valid regular expression');
    expect(refusal(core, `${minimal()}extra: 1\n`)).toContain('field "extra": is not a field here');
  });

  it('pin an audit to one version; an unpinned audit runs the shipped pack; a finalised one keeps its pin', () => {
    const core = testCore();
    const audit = createAudit(core, { name: 'Payments Q1', description: '' });
    expect(pinnedPack(core, audit.id)).toMatchObject({ packVersionId: DEFAULT_PACK_V1_ID, pinned: false, version: 1 });
    const v1 = savePackVersion(core, { text: minimal(), fileName: 'team-rules.yaml', reason: '' });
    expect(pinPack(core, audit.id, v1.id)).toMatchObject({ packVersionId: v1.id, packName: 'Payments team rules', pinned: true, pinnedBy: 'test-auditor' });
    expect(pinPack(core, audit.id, DEFAULT_PACK_V1_ID)).toMatchObject({ packVersionId: DEFAULT_PACK_V1_ID, pinned: true });
    expect(() => pinPack(core, audit.id, '0190a000-0000-7000-8000-0000000000ff')).toThrow(/no rule pack version/);
    transact(core, (records) => records.update('audits', audit.id, { status: 'finalised' }));
    expect(() => pinPack(core, audit.id, v1.id)).toThrow(/finalised/);
  });

  it('never throw anything but a typed error, whatever text is saved', () => {
    const core = testCore();
    const fragment = fc.constantFrom(
      'schema: release-audit/rule-pack@1', 'name: x', 'rules:', '  - id: R1', '    title: t', '    severity: major', '    control: RA-DEP-08', '    for: run', '    when:', '      all:',
      '        - exists: fact.result', '        - in: [fact.result, [failure]]', '        - laterThan: { time: release.approvedAt, than: release.deploymentStart, hours: params.emergencyApprovalHours }',
      '    criteria: c', '    condition: "{fact.name}"', 'parameters:', '  roles: { a: [b] }', '  ticketPatterns: ["(x"]', '&a [*a, *a]', '*a', '{', ']', '- - -', '"', "'", '\t', ':', '? x', '!!binary AAAA', '%YAML 1.2', '---',
    );
    const text = fc.oneof(fc.string({ maxLength: 400 }), fc.array(fc.tuple(fragment, fc.string({ maxLength: 6 })).map(([a, b]) => `${a}${b}`), { maxLength: 40 }).map((l) => l.join('\n')));
    fc.assert(
      fc.property(text, (body) => {
        try {
          savePackVersion(core, { text: body, fileName: 'fuzz.yaml', reason: '' });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          expect(['VALIDATION', 'CONFLICT']).toContain(error.code);
        }
      }),
      { numRuns: 300 },
    );
  });
});
