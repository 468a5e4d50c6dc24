import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { hashFile } from '../vault/vault';
import type { Core } from '../services';
import { formatFingerprint, normaliseFingerprint } from '../identity/certificate';
import { checkSignature, type SignatureCheck } from './sign';
import { Checkpoint, checkpointSignatureProblem, describeCheckpoint, headAgainstChain } from '../ledger/checkpoints';

// The check `release-audit verify-report` runs. A report holds only with the certificate it was issued
// with: the one its id is recorded with in the archive (issued here or received in a bundle), or the
// one its reader was told to expect. Any other valid signature, even by a key known here for other
// reports, or with the same display name, does not make it hold.

export interface ReportVerification extends SignatureCheck {
  reportId: string | null;
  evidence: Array<{ id: string; sha256: string; status: 'ok' | 'missing' | 'changed' | 'not-checked' }>;
  /** Whether the signing certificate is this report's own: the one recorded when it was issued, or the one expected. */
  signerKnown: boolean | null;
  /** The certificate this report id was issued with, as the archive here records it. */
  issuedWith: { fingerprint: string; signedBy: string } | null;
  /** The certificate the report names as its signer, inside its own signed bytes. */
  namedSigner: { name: string; fingerprint: string } | null;
  archived: boolean | null;
  /** The signed ledger head the report carries, and whether the ledger here still holds it. */
  ledgerHead: { deviceId: string; seq: number; hash: string; signer: string; fingerprint: string; standing: 'held' | 'rewritten' | 'removed' | 'not-here' | 'not-checked' } | null;
  problems: string[];
  /** What was not checked, and why; not a problem on its own. */
  notes: string[];
  ok: boolean;
}

interface Manifest {
  reportId: string;
  checkpoint?: unknown;
  auditId?: string;
  signer?: { name: string; fingerprint: string } | null;
  evidence: Array<{ id: string; sha256: string }>;
}

const fp = (fingerprint: string) => formatFingerprint(fingerprint);

/**
 * Checks a report: its one signature over every byte; that it is signed with its own certificate (see
 * above); and that every evidence hash it cites still matches the vault, when the vault holds its audit.
 */
export async function verifyReport(pdf: Buffer, core: Core | null, expectSigner?: string): Promise<ReportVerification> {
  const signature = checkSignature(pdf);
  const manifests = readManifests(pdf);
  const manifest = manifests[0] ?? null;
  const problems: string[] = [];
  const notes: string[] = [];
  const signedWith = signature.valid ? signature.certificateFingerprint : null;
  if (signature.problem) problems.push(signature.problem);
  if (signature.signatures > 1) problems.push(`The report carries ${signature.signatures} signatures: it was changed and signed again after it was issued.`);
  if (!manifest) problems.push('The report carries no list of the evidence it cites.');
  if (manifests.length > 1) problems.push('The report carries more than one list of the evidence it cites: it was changed after it was issued.');

  const namedSigner = manifest?.signer ?? null;
  if (signedWith && namedSigner && namedSigner.fingerprint !== signedWith) {
    problems.push(`The report names its signer as ${namedSigner.name}, certificate ${fp(namedSigner.fingerprint)}, but it is signed with certificate ${fp(signedWith)} (${signature.signer}).`);
  }

  let issuedWith: ReportVerification['issuedWith'] = null;
  let archived: boolean | null = null;
  let signerKnown: boolean | null = null;
  if (core && manifest) {
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    archived = Boolean(core.sqlite.prepare('SELECT 1 FROM reports WHERE sha256 = ?').get(sha));
    const rows = core.sqlite
      .prepare('SELECT certificate_fingerprint AS fingerprint, signed_by AS signedBy, audit_id AS auditId FROM reports WHERE report_id = ?')
      .all(manifest.reportId) as Array<{ fingerprint: string; signedBy: string; auditId: string }>;
    const distinct = [...new Map(rows.map((r) => [`${r.fingerprint} ${r.auditId}`, { fingerprint: r.fingerprint, signedBy: r.signedBy, auditId: r.auditId }])).values()];
    if (distinct[0] && manifest.auditId && distinct.every((r) => r.auditId !== manifest.auditId)) {
      problems.push(`Report ${manifest.reportId} was issued for another audit than the one this copy names.`);
      signerKnown = false;
    } else if (distinct.length > 1) {
      problems.push(`This data folder holds ${distinct.length} different issued reports with the id ${manifest.reportId}: which one is real cannot be told here.`);
      signerKnown = false;
    } else if (distinct[0]) {
      issuedWith = { fingerprint: distinct[0].fingerprint, signedBy: distinct[0].signedBy };
      if (issuedWith.fingerprint === '') {
        signerKnown = false;
        if (signature.signed) problems.push(`Report ${manifest.reportId} was issued unsigned; this copy carries a signature added afterwards.`);
      } else if (signedWith) {
        signerKnown = issuedWith.fingerprint === signedWith;
        if (!signerKnown) {
          problems.push(
            `Report ${manifest.reportId} was issued with certificate ${fp(issuedWith.fingerprint)} (${issuedWith.signedBy}), but this copy is signed with certificate ${fp(signedWith)} (${signature.signer}): it is not the report that was issued.`,
          );
        }
      }
    }
  }

  if (expectSigner !== undefined) {
    const expected = normaliseFingerprint(expectSigner);
    if (!expected) throw new AppError('VALIDATION', '--expect-signer must be a SHA-256 certificate fingerprint: 64 hexadecimal digits, with or without colons.');
    if (signedWith !== expected) {
      problems.push(`The report is signed with certificate ${signature.certificateFingerprint ? fp(signature.certificateFingerprint) : 'none'}, not the expected ${fp(expected)}.`);
      signerKnown = false;
    } else if (signerKnown !== false) signerKnown = true;
  } else if (signedWith && signerKnown === null) {
    problems.push(
      core
        ? `Report ${manifest?.reportId ?? ''} was neither issued from this data folder nor received in a bundle, so who signed it cannot be checked here. Ask its issuer for their certificate fingerprint and give it with --expect-signer.`
        : 'Who signed it was not checked: give the certificate fingerprint its issuer gave you with --expect-signer, or a data folder with --data-dir.',
    );
  }

  const ledgerHead = checkLedgerHead(core, manifest, signedWith, problems, notes);
  const evidence = await checkEvidence(core, manifest, notes);
  for (const e of evidence) if (e.status === 'missing' || e.status === 'changed') problems.push(`Evidence ${e.sha256} is ${e.status === 'missing' ? 'missing from the vault' : 'changed in the vault'}.`);
  const ok = signature.valid && signerKnown === true && problems.length === 0;
  return { ...signature, reportId: manifest?.reportId ?? null, evidence, signerKnown, issuedWith, namedSigner, archived, ledgerHead, problems, notes, ok };
}

/**
 * The signed ledger head a report carries (reports made before checkpoints carry none): its signature,
 * its signer against the report's, and, where this laptop holds that device's chain, that the chain
 * still has that head, which a rewrite of the audit trail since the report cannot keep.
 */
function checkLedgerHead(core: Core | null, manifest: Manifest | null, signedWith: string | null, problems: string[], notes: string[]): ReportVerification['ledgerHead'] {
  if (!manifest || manifest.checkpoint === undefined || manifest.checkpoint === null) return null;
  const parsed = Checkpoint.safeParse(manifest.checkpoint);
  if (!parsed.success) {
    problems.push('The signed ledger head the report carries is malformed.');
    return null;
  }
  const cp = parsed.data;
  const head = { deviceId: cp.deviceId, seq: cp.seq, hash: cp.hash, signer: cp.signer, fingerprint: cp.fingerprint };
  const broken = checkpointSignatureProblem(cp);
  if (broken) {
    problems.push(`The signed ledger head the report carries does not hold: ${broken}`);
    return { ...head, standing: 'not-checked' };
  }
  if (signedWith && cp.fingerprint !== signedWith) {
    problems.push(`The report's ledger head is signed with certificate ${fp(cp.fingerprint)}, not the report's own ${fp(signedWith)}.`);
  }
  if (!core) {
    notes.push(`The signed ledger head (device ${cp.deviceId}, entry #${cp.seq}) was not compared with a ledger: there is no data folder here.`);
    return { ...head, standing: 'not-checked' };
  }
  const standing = headAgainstChain(core.sqlite, cp);
  if (standing === 'unknown-device') {
    notes.push(`This data folder does not hold the audit trail of device ${cp.deviceId}, so the report's signed ledger head was not compared with it.`);
    return { ...head, standing: 'not-here' };
  }
  if (standing !== 'held') {
    problems.push(
      standing === 'rewritten'
        ? `The audit trail here no longer holds the head this report was made at (${describeCheckpoint(cp)}): it was rewritten after the report was issued.`
        : `The audit trail here no longer reaches the head this report was made at (${describeCheckpoint(cp)}): entries were removed after the report was issued.`,
    );
  }
  return { ...head, standing };
}

async function checkEvidence(core: Core | null, manifest: Manifest | null, notes: string[]): Promise<ReportVerification['evidence']> {
  const cited = manifest?.evidence ?? [];
  const hereAudit = core && manifest?.auditId ? Boolean(core.sqlite.prepare('SELECT 1 FROM audits WHERE id = ?').get(manifest.auditId)) : core !== null;
  if (!core || !hereAudit) {
    if (cited.length > 0) {
      notes.push(
        core
          ? `The ${cited.length} evidence hash(es) it cites were not checked: this data folder does not hold its audit.`
          : `The ${cited.length} evidence hash(es) it cites were not checked: there is no Release Audit data folder here (give one with --data-dir).`,
      );
    }
    return cited.map((c) => ({ ...c, status: 'not-checked' as const }));
  }
  const out: ReportVerification['evidence'] = [];
  for (const c of cited) {
    const file = core.vault.objectPath(c.sha256);
    if (!fs.existsSync(file)) out.push({ ...c, status: 'missing' });
    else out.push({ ...c, status: (await hashFile(file)) === c.sha256 ? 'ok' : 'changed' });
  }
  return out;
}

/** Every manifest the file carries (a report as issued carries one), in file order. */
function readManifests(pdf: Buffer): Manifest[] {
  const text = pdf.toString('latin1');
  const encoded: string[] = [];
  for (const m of text.matchAll(/\/ReleaseAuditManifest\s*(?:\(([A-Za-z0-9+/=]+)\)|(\d+)\s+0\s+R)/g)) {
    if (m[1]) encoded.push(m[1]);
    else {
      const found = new RegExp(`(?:^|\\s)${m[2]} 0 obj\\s*\\(([A-Za-z0-9+/=]+)\\)`, 'm').exec(text)?.[1];
      if (found) encoded.push(found);
    }
  }
  return [...new Set(encoded)].map((e) => {
    try {
      return JSON.parse(Buffer.from(e, 'base64').toString('utf8')) as Manifest;
    } catch {
      throw new AppError('INTEGRITY', 'The report’s list of evidence is damaged.');
    }
  });
}
