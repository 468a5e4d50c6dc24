import type { Finding, FindingPage, FindingSummary } from '../../shared/api/findings';
import { releaseStages, severities } from '../../shared/enums';
import { argsExactly, call, fieldsFrom, flagNames, noExtraArgs, printJson, required } from './command-kit';
import type { CliIo, CommandSpec, OptionSpec } from './spec';
import { UsageError } from './usage';

// Findings from the command line: list, raise, edit, move along the workflow, discard a draft.

/** The finding's fields as flags: API name → flag. */
const findingFlags = {
  title: 'title',
  severity: 'severity',
  controlId: 'control',
  stage: 'stage',
  criteria: 'criteria',
  condition: 'condition',
  cause: 'cause',
  effect: 'effect',
  recommendation: 'recommendation',
  ownerName: 'owner',
  ownerRole: 'owner-role',
  dueAt: 'due',
  confidential: 'confidential',
};
const fieldOptions: Record<string, OptionSpec> = Object.fromEntries(
  Object.values(findingFlags).map((flag) => [flag, { type: flag === 'confidential' ? 'boolean' : 'string' }]),
);
const fieldDetails = [
  `--severity   ${severities.join(', ')} (a new finding is major unless said)`,
  '--control    a control of the library, like RA-RFC-01 (release-audit library list)',
  `--stage      ${releaseStages.join(', ')}`,
  '--criteria, --condition, --cause, --effect, --recommendation   the five parts, as text',
  '--owner NAME, --owner-role ROLE, --due YYYY-MM-DD, --confidential',
];
const fields = { ...flagNames(findingFlags), auditId: '--audit', id: 'ID', to: 'STATUS', acceptedBy: '--accepted-by', reason: '--reason' };

function printFinding(io: CliIo, f: FindingSummary): void {
  io.out(`${f.id}  ${f.status.padEnd(22)} ${f.severity.padEnd(13)} ${(f.controlId ?? '').padEnd(10)} ${f.title}`);
}

export const findingCommands: CommandSpec[] = [
  {
    name: 'finding list',
    synopsis: '--audit ID [--json]',
    summary: "An audit's findings, most severe first, newest first within a severity: id, status, severity, control, title",
    options: { audit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      // The list comes in pages (severity first, newest first within one): read them all.
      const auditId = required(values, 'audit');
      const findings: FindingSummary[] = [];
      for (let cursor: string | undefined; ; ) {
        const page = (await call(() => open({ mustExist: true }), 'findings.list', { auditId, limit: 1000, ...(cursor ? { cursor } : {}) }, fields)) as FindingPage;
        findings.push(...page.rows);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      if (values.json) return printJson(io, findings), 0;
      if (findings.length === 0) io.out('No findings yet. Raise one with: release-audit finding add --audit ID --title TEXT');
      for (const f of findings) {
        printFinding(io, f);
        const extra = [f.ownerName && `owner ${f.ownerName}${f.ownerRole ? ` (${f.ownerRole})` : ''}`, f.dueAt && `due ${f.dueAt}`, f.repeatOf && `repeats a finding of "${f.repeatOf.auditName}"`].filter(Boolean);
        if (extra.length > 0) io.out(`${' '.repeat(38)}${extra.join(', ')}`);
      }
      return 0;
    },
  },
  {
    name: 'finding add',
    synopsis: '--audit ID --title TEXT [--severity S] [--control ID] [--stage S] [--cause TEXT] … [--json]',
    summary: 'Raise a finding (as a draft) on an audit',
    details: ['A finding leaves draft (finding status ID open) only with all five parts and its evidence.', ...fieldDetails],
    options: { audit: { type: 'string' }, json: { type: 'boolean' }, ...fieldOptions },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const input = { ...fieldsFrom(values, findingFlags), auditId: required(values, 'audit'), title: required(values, 'title') };
      const finding = (await call(() => open({ mustExist: true }), 'findings.create', input, fields)) as Finding;
      if (values.json) return printJson(io, finding), 0;
      io.out(`Raised draft finding ${finding.id} (${finding.severity}): ${finding.title}`);
      return 0;
    },
  },
  {
    name: 'finding update',
    synopsis: 'ID [--title TEXT] [--severity S] [--cause TEXT] … [--json]',
    summary: 'Change fields of a finding; fields not given stay as they are',
    details: fieldDetails,
    options: { json: { type: 'boolean' }, ...fieldOptions },
    async run({ open, values, args, io }) {
      const [id] = argsExactly(args, 'finding ID');
      const changes = fieldsFrom(values, findingFlags);
      if (Object.keys(changes).length === 0) throw new UsageError('Give at least one field to change, such as --cause TEXT.');
      const finding = (await call(() => open({ mustExist: true }), 'findings.update', { id, ...changes }, fields)) as Finding;
      if (values.json) return printJson(io, finding), 0;
      io.out(`Saved finding ${finding.id}:`);
      printFinding(io, finding);
      return 0;
    },
  },
  {
    name: 'finding status',
    synopsis: 'ID STATUS [--accepted-by NAME] [--reason TEXT] [--json]',
    summary: 'Move a finding along its workflow (draft → open → in-remediation → … → closed)',
    details: [
      'STATUS: open, in-remediation, ready-for-verification, closed or risk-accepted; only the next',
      'steps of the workflow are allowed. risk-accepted needs --accepted-by and --reason.',
    ],
    options: { 'accepted-by': { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [id, to] = argsExactly(args, 'finding ID', 'STATUS to move it to');
      const input = { id, to, ...fieldsFrom(values, { acceptedBy: 'accepted-by', reason: 'reason' }) };
      const finding = (await call(() => open({ mustExist: true }), 'findings.transition', input, fields)) as Finding;
      if (values.json) return printJson(io, finding), 0;
      io.out(`Finding ${finding.id} is now ${finding.status}.`);
      return 0;
    },
  },
  {
    name: 'finding discard',
    synopsis: 'ID',
    summary: 'Remove a finding that is still a draft (the ledger keeps that it existed)',
    options: {},
    async run({ open, args, io }) {
      const [id] = argsExactly(args, 'finding ID');
      await call(() => open({ mustExist: true }), 'findings.discard', { id }, fields);
      io.out(`Discarded draft finding ${id}.`);
      return 0;
    },
  },
];
