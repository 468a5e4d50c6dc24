import type { Audit, AuditIncomplete } from '../../shared/api/audits';
import { argsExactly, call, noExtraArgs, printJson, required } from './command-kit';
import type { CliIo, CommandSpec } from './spec';

// Audits from the command line: create, list, show, finalise (their evidence: evidence-commands.ts).

export const auditCommands: CommandSpec[] = [
  {
    name: 'audit create',
    synopsis: '--name NAME [--description TEXT] [--json]',
    summary: 'Create an audit (in planning)',
    options: { name: { type: 'string' }, description: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const input = {
        name: required(values, 'name'),
        ...(typeof values.description === 'string' ? { description: values.description } : {}),
      };
      const audit = (await call(open, 'audits.create', input, { name: '--name', description: '--description' })) as Audit;
      if (values.json) printJson(io, audit);
      else io.out(`Created audit ${audit.id} (${audit.name})`);
      return 0;
    },
  },
  {
    name: 'audit list',
    synopsis: '[--json]',
    summary: 'Every audit, newest first: id, status, created, name',
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const audits = (await call(() => open({ mustExist: true }), 'audits.list', {})) as Audit[];
      if (values.json) printJson(io, audits);
      else if (audits.length === 0) io.out('No audits yet. Create one with: release-audit audit create --name NAME');
      else for (const a of audits) io.out(`${a.id}  ${a.status.padEnd(10)}  ${a.createdAt}  ${a.name}`);
      return 0;
    },
  },
  {
    name: 'audit show',
    synopsis: 'ID [--json]',
    summary: 'One audit: status, checklist, breached thresholds',
    options: { json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [id] = argsExactly(args, 'audit ID');
      const audit = (await call(() => open({ mustExist: true }), 'audits.get', { id })) as Audit;
      if (values.json) return printJson(io, audit), 0;
      io.out(`${audit.name} (${audit.id})`);
      if (audit.description) io.out(audit.description);
      io.out(`Status: ${audit.status}${audit.finalisedAt ? `, finalised ${audit.finalisedAt}` : ''}`);
      io.out(`Created ${audit.createdAt} by ${audit.createdBy}, last changed ${audit.updatedAt}`);
      io.out(`Checklist: ${audit.pinnedTemplate ? `${audit.pinnedTemplate.name} v${audit.pinnedTemplate.version}` : 'none pinned yet (release-audit checklist pin)'}`);
      io.out(`Escalation thresholds breached: ${audit.breaches}`);
      return 0;
    },
  },
  {
    name: 'audit finalise',
    synopsis: 'ID [--yes] [--json]',
    summary: 'Show what is incomplete, then (with --yes) freeze the audit for good',
    details: [
      'Without --yes it only lists what is still incomplete and exits 1, changing nothing.',
      'Finalising signs the ledger head with your key: its passphrase comes from the keychain,',
      'RELEASE_AUDIT_KEY_PASSPHRASE, or a prompt at a terminal (see the README, "Signing keys").',
      'Draft findings must be completed or discarded first. Corrections after that are amendments.',
    ],
    options: { yes: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      const [id] = argsExactly(args, 'audit ID');
      const read = () => open({ mustExist: true });
      const incomplete = (await call(read, 'audits.incomplete', { id })) as AuditIncomplete;
      if (!values.yes) {
        if (incomplete.status === 'finalised') {
          if (values.json) printJson(io, { incomplete, finalised: null });
          else io.out('The audit is already finalised; corrections are amendments (api audits.amend).');
          return 0;
        }
        if (values.json) printJson(io, { incomplete, finalised: null });
        else {
          printIncomplete(io, incomplete);
          io.out('Not finalised: finalising cannot be undone. Run again with --yes to finalise.');
        }
        return 1;
      }
      if (!values.json) printIncomplete(io, incomplete);
      const { allowPassphrasePrompt } = await import('../identity/secrets');
      // A person at a terminal may be asked for their key's passphrase, as for a signed report.
      allowPassphrasePrompt(true);
      let audit: Audit;
      try {
        audit = (await call(read, 'audits.finalise', { id })) as Audit;
      } finally {
        allowPassphrasePrompt(false);
      }
      if (values.json) printJson(io, { incomplete, finalised: audit });
      else io.out(`Finalised "${audit.name}" at ${audit.finalisedAt}: its records can no longer change; corrections are amendments.`);
      return 0;
    },
  },
];

function printIncomplete(io: CliIo, w: AuditIncomplete): void {
  const lines: string[] = [];
  if (w.noRelease) lines.push('  No release is recorded.');
  if (w.noChecklist) lines.push('  No checklist is pinned (release-audit checklist pin).');
  if (w.noConclusion) lines.push('  No overall conclusion, which stops finalising (release-audit api plans.save \'{"auditId":"…","conclusionRating":"satisfactory","conclusionText":"…"}\').');
  const items = (title: string, list: Array<{ release: string; itemKey: string; title: string }>) => {
    if (list.length === 0) return;
    lines.push(`  ${title} (${list.length}):`);
    for (const i of list.slice(0, 20)) lines.push(`    ${i.release ? `${i.release}  ` : ''}${i.itemKey}  ${i.title}`);
    if (list.length > 20) lines.push(`    … and ${list.length - 20} more`);
  };
  items('Checklist items without a result', w.itemsWithoutResult);
  items('Failed items without a finding', w.failedWithoutFinding);
  if (w.findingsNotClosed.length > 0) lines.push(`  Findings not closed (${w.findingsNotClosed.length}): ${w.findingsNotClosed.map((f) => `${f.title} (${f.status})`).join('; ')}`);
  if (w.draftFindings.length > 0) lines.push(`  Draft findings, which stop finalising (${w.draftFindings.length}): ${w.draftFindings.map((f) => f.title).join('; ')}`);
  if (lines.length === 0) io.out('Nothing is incomplete.');
  else io.out(['Still incomplete:', ...lines].join('\n'));
}
