import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { resolveDataDir } from '../paths';
import { issueReport } from '../reports/archive';
import { verifyReport } from '../reports/service';
import type { Core } from '../services';
import { required, type Command } from './command-kit';
import { UsageError } from './usage';

// Reports from the command line: make one (optionally signed), and check one anyone hands you.

export const reportCommands: Record<string, Command> = {
  async report({ open, values, args, io }) {
    if (args.length > 0) throw new UsageError(`Unexpected argument: ${args[0]}`);
    const auditId = required(values, 'audit');
    const out = required(values, 'out');
    const distribution = (values.distribution as string | undefined) ?? 'internal';
    if (distribution !== 'internal' && distribution !== 'external') throw new UsageError('--distribution is internal or external.');
    if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new AppError('NOT_FOUND', `The folder ${path.dirname(path.resolve(out))} does not exist.`);
    const core = open({ mustExist: true });
    // Issued like the app does it: archived in the vault with its retention date, then written out.
    const issued = await issueReport(
      core,
      { auditId, kind: values.summary ? 'summary' : 'full', distribution, sign: Boolean(values.sign), retentionYears: 7 },
      (stage, fraction) => io.err(`${Math.round(fraction * 100).toString().padStart(3)}% ${stage}`),
    );
    fs.copyFileSync(core.vault.objectPath(issued.sha256), out);
    fs.chmodSync(out, 0o644);
    io.out(`Wrote ${out} (report ${issued.reportId}${values.sign ? ', signed' : ''}, kept until ${issued.retainUntil})`);
    return 0;
  },

  async 'verify-report'({ open, values, args, io }) {
    if (args.length !== 1) throw new UsageError('Name the report FILE to verify.');
    const file = args[0] as string;
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
    if (result.archived) io.out('Issued from this data folder: its bytes match the archived copy.');
    for (const problem of result.problems) io.out(`  ✗ ${problem}`);
    io.out(result.ok ? `Report ${result.reportId ?? ''} holds: signature valid, signer known, ${result.evidence.length} evidence hash(es) match the vault.` : 'The report does not hold.');
    return result.ok ? 0 : 1;
  },
};
