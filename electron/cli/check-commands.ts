import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportSummary } from '../../shared/api/import-methods';
import type { RuleDraft, RulePackVersion, RunSummary } from '../../shared/api/rules';
import { severities } from '../../shared/enums';
import { call, noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// `release-audit check`: a pipeline's gate. It runs the audit's pinned rule pack over what was
// imported, lists what the rules drafted (dismissed drafts aside), and exits 1 when any is at or
// above the severity named, in text, JSON, JUnit XML or SARIF for the CI system to show.

const formats = ['text', 'json', 'junit', 'sarif'] as const;
type Format = (typeof formats)[number];
const gates = ['critical', 'major', 'minor'] as const;
type Severity = (typeof severities)[number];

const rank = (severity: Severity) => severities.length - severities.indexOf(severity);
const xml = (text: string) =>
  // XML 1.0 cannot hold most control characters at all, even escaped: they are left out.
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

export interface CheckReport {
  pack: { name: string; version: number; versionId: string };
  run: RunSummary;
  failOn: (typeof gates)[number];
  /** Drafts not dismissed, most severe first. */
  drafts: Array<RuleDraft & { files: Array<{ name: string; lines: [number, number] }> }>;
  /** How many drafts are at or above failOn. */
  failing: number;
  rules: Array<{ id: string; title: string; severity: Severity }>;
}

function where(draft: CheckReport['drafts'][number]): string {
  return draft.files.map((f) => `${f.name}:${f.lines[0]}${f.lines[1] !== f.lines[0] ? `-${f.lines[1]}` : ''}`).join(', ');
}

export function checkAsText(report: CheckReport): string[] {
  const lines = [`Rule pack ${report.pack.name} version ${report.pack.version}: ${report.run.factsRead} facts read, ${report.drafts.length} drafted finding${report.drafts.length === 1 ? '' : 's'} open.`];
  for (const d of report.drafts) lines.push(`${d.severity.toUpperCase().padEnd(13)} ${d.ruleId}  ${d.title}${d.files.length > 0 ? `  (${where(d)})` : ''}`);
  lines.push(report.failing > 0 ? `${report.failing} at or above ${report.failOn}: the check fails.` : `Nothing at or above ${report.failOn}: the check passes.`);
  return lines;
}

export function checkAsJunit(report: CheckReport): string {
  const cases: string[] = [];
  let failures = 0;
  for (const rule of report.rules) {
    const drafted = report.drafts.filter((d) => d.ruleId === rule.id);
    const name = `${rule.id}: ${rule.title}`;
    if (drafted.length === 0) cases.push(`    <testcase classname="${xml(report.pack.name)}" name="${xml(name)}"/>`);
    for (const d of drafted) {
      const gated = rank(d.severity) >= rank(report.failOn);
      if (gated) failures += 1;
      const body = `${xml(d.condition)}${d.files.length > 0 ? `\nProof: ${xml(where(d))}` : ''}`;
      cases.push(
        gated
          ? `    <testcase classname="${xml(report.pack.name)}" name="${xml(name)}"><failure type="${d.severity}" message="${xml(d.title)}">${body}</failure></testcase>`
          : `    <testcase classname="${xml(report.pack.name)}" name="${xml(name)}"><system-out>${xml(`${d.severity}: ${d.title}`)}\n${body}</system-out></testcase>`,
      );
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="release-audit check" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="${xml(`${report.pack.name} v${report.pack.version}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

const sarifLevel = (severity: Severity): 'error' | 'warning' | 'note' => (severity === 'critical' || severity === 'major' ? 'error' : severity === 'minor' ? 'warning' : 'note');

export function checkAsSarif(report: CheckReport, toolVersion: string): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Release Audit',
            version: toolVersion,
            informationUri: 'https://example.invalid/release-audit',
            rules: report.rules.map((rule) => ({ id: rule.id, shortDescription: { text: rule.title }, defaultConfiguration: { level: sarifLevel(rule.severity) }, properties: { severity: rule.severity, pack: report.pack.name, packVersion: report.pack.version } })),
          },
        },
        results: report.drafts.map((d) => ({
          ruleId: d.ruleId,
          level: sarifLevel(d.severity),
          message: { text: `${d.title}: ${d.condition}` },
          locations: d.files.map((f) => ({ physicalLocation: { artifactLocation: { uri: f.name }, region: { startLine: f.lines[0], endLine: f.lines[1] } } })),
          partialFingerprints: { releaseAuditDraft: d.id },
          properties: { severity: d.severity, state: d.state, controlId: d.controlId, criteria: d.criteria },
        })),
      },
    ],
  };
}

export const checkCommands: CommandSpec[] = [
  {
    name: 'check',
    synopsis: '--audit ID [--release ID] [--fail-on critical|major|minor] [--format text|json|junit|sarif]',
    summary: 'Run the rule pack over what was imported and fail (exit 1) when a drafted finding is at or above a severity: a gate for a pipeline',
    details: [
      '--fail-on   the lowest severity that fails the check (default major); dismissed drafts never fail it',
      '--format    text (default), json, junit (one test case per rule) or sarif (one result per drafted finding)',
      'Exit 0: nothing at or above --fail-on. Exit 1: something is. Exit 2: the input was wrong.',
    ],
    options: { audit: { type: 'string' }, release: { type: 'string' }, 'fail-on': { type: 'string' }, format: { type: 'string' } },
    async run({ open, values, args, io, appRoot }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const format = (values.format ?? 'text') as Format;
      if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}.`);
      const failOn = (values['fail-on'] ?? 'major') as (typeof gates)[number];
      if (!(gates as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${gates.join(', ')}.`);
      const scope = { auditId, ...(typeof values.release === 'string' ? { releaseId: values.release } : {}) };
      const fields = { auditId: '--audit', releaseId: '--release' };
      const core = () => open({ mustExist: true });
      const run = (await call(core, 'rules.run', scope, fields)) as RunSummary;
      const drafts = ((await call(core, 'rules.drafts', scope, fields)) as RuleDraft[]).filter((d) => d.state !== 'dismissed');
      const version = (await call(core, 'rules.getVersion', { id: run.packVersionId })) as RulePackVersion;
      const imports = (await call(core, 'imports.list', { auditId }, fields)) as ImportSummary[];
      const names = new Map(imports.map((i) => [i.id, i.name]));
      const report: CheckReport = {
        pack: { name: run.packName, version: run.version, versionId: run.packVersionId },
        run,
        failOn,
        drafts: drafts.map((d) => ({ ...d, files: d.proof.map((p) => ({ name: names.get(p.importId) ?? p.importId, lines: p.lines })) })),
        failing: drafts.filter((d) => rank(d.severity) >= rank(failOn)).length,
        rules: version.content.rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity })),
      };
      if (format === 'json') printJson(io, report);
      else if (format === 'junit') io.out(checkAsJunit(report));
      else if (format === 'sarif') io.out(JSON.stringify(checkAsSarif(report, await toolVersion(appRoot)), null, 2));
      else for (const line of checkAsText(report)) io.out(line);
      return report.failing > 0 ? 1 : 0;
    },
  },
];

async function toolVersion(appRoot: string): Promise<string> {
  try {
    return (JSON.parse(await readFile(join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
