import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { resolveDataDir } from '../paths';
import type { ReportVerification } from '../reports/service';
import type { Core } from '../services';
import { noExtraArgs, required, type CommandSpec } from './command-kit';
import { UsageError } from './usage';

// Reports from the command line: make one (optionally signed), and check one anyone hands you.

export const reportCommands: CommandSpec[] = [
  {
    name: 'report',
    synopsis: '--audit ID --out FILE [--summary] [--distribution internal|external] [--sign]',
    summary: 'A PDF report (full, or the executive summary), signed with your identity when --sign is given',
    details: [
      "The report is archived in the vault (kept under the audit's retention policy), then written to FILE.",
      'An external edition needs a compliance or legal approval of the audit as it stands first',
      '(api reports.approve \'{"auditId":…,"reviewer":…,"role":"compliance"}\'). Your signing key is',
      'made on first use; its passphrase comes from the keychain, RELEASE_AUDIT_KEY_PASSPHRASE, or a',
      'prompt at a terminal (see the README, "Signing keys").',
    ],
    options: { audit: { type: 'string' }, out: { type: 'string' }, summary: { type: 'boolean' }, distribution: { type: 'string' }, sign: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const auditId = required(values, 'audit');
      const out = required(values, 'out');
      const distribution = (values.distribution as string | undefined) ?? 'internal';
      if (distribution !== 'internal' && distribution !== 'external') throw new UsageError('--distribution is internal or external.');
      // Everything that could stop the file being written is checked before anything is issued.
      const target = path.resolve(out);
      if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out names a file to write, and ${out} is a folder: give a file name, such as ${path.join(out, 'report.pdf')}.`);
      if (!fs.existsSync(path.dirname(target))) throw new AppError('NOT_FOUND', `The folder ${path.dirname(target)} does not exist.`);
      try {
        fs.accessSync(path.dirname(target), fs.constants.W_OK);
        if (fs.existsSync(target)) fs.accessSync(target, fs.constants.W_OK);
      } catch {
        throw new AppError('VALIDATION', `${out} cannot be written here (permission denied); nothing was issued.`);
      }
      const core = open({ mustExist: true });
      const [{ issueReport }, { formatFingerprint }, { allowPassphrasePrompt }] = await Promise.all([
        import('../reports/archive'),
        import('../reports/certificate'),
        import('../reports/secrets'),
      ]);
      // A person at a terminal may be asked for their key's passphrase (see the README, "Signing keys").
      allowPassphrasePrompt(true);
      let issued: Awaited<ReturnType<typeof issueReport>>;
      try {
        // Issued like the app does it: archived in the vault with its retention date, then written out.
        issued = await issueReport(
          core,
          { auditId, kind: values.summary ? 'summary' : 'full', distribution, sign: Boolean(values.sign) },
          (stage, fraction) => io.err(`${Math.round(fraction * 100).toString().padStart(3)}% ${stage}`),
        );
      } finally {
        allowPassphrasePrompt(false);
      }
      fs.copyFileSync(core.vault.objectPath(issued.sha256), out);
      fs.chmodSync(out, 0o644);
      io.out(`Wrote ${out} (report ${issued.reportId}${values.sign ? ', signed' : ''}, kept until ${issued.retainUntil})`);
      if (issued.certificateFingerprint) {
        io.out(`Signed by ${issued.signedBy}, certificate SHA-256 ${formatFingerprint(issued.certificateFingerprint)}`);
        io.out(`Anyone can check it with: release-audit verify-report ${out} --expect-signer ${issued.certificateFingerprint}`);
      }
      return 0;
    },
  },
  {
    name: 'verify-report',
    synopsis: 'FILE [--expect-signer SHA256] [--json]',
    summary: "Check a report's signature, signer and evidence",
    details: [
      "Checks the report's one signature; that it is signed with the certificate its id was issued",
      'with (as recorded here) or the fingerprint you expect; and that its evidence still matches the',
      'vault (not checked with no data folder). Exit 0 when it holds.',
    ],
    options: { json: { type: 'boolean' }, 'expect-signer': { type: 'string' } },
    async run({ open, values, args, io }) {
      if (args.length !== 1) throw new UsageError('Name the report FILE to verify.');
      const file = args[0] as string;
      const [{ normaliseFingerprint }, { verifyReport }] = await Promise.all([import('../reports/certificate'), import('../reports/service')]);
      const expect = values['expect-signer'];
      if (expect !== undefined && (typeof expect !== 'string' || !normaliseFingerprint(expect))) {
        throw new UsageError('--expect-signer takes a SHA-256 certificate fingerprint: 64 hexadecimal digits, with or without colons.');
      }
      let pdf: Buffer;
      try {
        pdf = fs.readFileSync(file);
      } catch {
        throw new AppError('NOT_FOUND', `Cannot read ${file}.`);
      }
      // The evidence is checked against the vault when there is one; the signature needs nothing.
      const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
      let core: Core | null = null;
      if (fs.existsSync(path.join(dataDir, 'release-audit.db'))) core = open({ mustExist: true });
      const result = await verifyReport(pdf, core, typeof values['expect-signer'] === 'string' ? values['expect-signer'] : undefined);
      if (values.json) {
        io.out(JSON.stringify(result, null, 2));
        return result.ok ? 0 : 1;
      }
      io.out(result.signed ? `Signature: ${result.valid ? 'valid' : 'NOT VALID'}${result.signer ? `, signed by ${result.signer}` : ''}${result.signedAt ? ` at ${result.signedAt}` : ''}` : 'Signature: none');
      if (result.certificateFingerprint) io.out(`Certificate SHA-256: ${result.certificateFingerprint}`);
      if (result.issuedWith?.fingerprint) io.out(`Issued with: ${result.issuedWith.signedBy}, certificate SHA-256 ${result.issuedWith.fingerprint} (as recorded in this data folder)`);
      if (result.archived) io.out('Issued from this data folder: its bytes match the archived copy.');
      if (result.ledgerHead) {
        const where = { held: 'still held by the ledger here', rewritten: 'NO LONGER in the ledger here', removed: 'NO LONGER in the ledger here', 'not-here': 'not compared: this ledger does not hold that device', 'not-checked': 'not compared' }[result.ledgerHead.standing];
        io.out(`Signed ledger head: device ${result.ledgerHead.deviceId}, entry #${result.ledgerHead.seq} (${where})`);
      }
      for (const problem of result.problems) io.out(`  ✗ ${problem}`);
      for (const note of result.notes) io.out(`  · ${note}`);
      io.out(result.ok ? holds(result) : 'The report does not hold.');
      return result.ok ? 0 : 1;
    },
  },
];

function holds(result: ReportVerification): string {
  const whose = result.issuedWith ? 'signed with the certificate it was issued with' : 'signed with the certificate you expected';
  const checked = result.evidence.filter((e) => e.status === 'ok').length;
  const evidence = result.evidence.length === 0 ? 'it cites no evidence' : checked === result.evidence.length ? `${checked} evidence hash(es) match the vault` : 'its evidence was not checked (see above)';
  return `Report ${result.reportId ?? ''} holds: signature valid, ${whose}, ${evidence}.`;
}
