import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { listAmendments } from '../audits/service';
import { recordCustody } from '../evidence/service';
import { hashFile } from '../vault/vault';
import type { Core } from '../services';
import { gatherReportData } from './data';
import { buildReport } from './document';
import { listIdentities, loadIdentity, createSelfSignedIdentity } from './identity';
import { renderPdf } from './render';
import { checkSignature, signPdf, type SignatureCheck } from './sign';

// Turns an audit into a PDF report, optionally signed with the auditor's identity, and checks one later.

export interface ReportRequest {
  auditId: string;
  kind: 'full' | 'summary';
  distribution: 'internal' | 'external';
  sign: boolean;
  onProgress?: (stage: string, fraction: number) => void;
}

const MAX_THUMBNAIL = 2 * 1024 * 1024;
const MAX_EXCERPT = 2000;

export async function generateReport(core: Core, request: ReportRequest): Promise<{ pdf: Buffer; reportId: string }> {
  const progress = request.onProgress ?? (() => undefined);
  progress('Reading the audit', 0.05);
  const data = gatherReportData(core, request.auditId);
  const reportId = `RA-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  // Signed as the person running it: their own identity, made on first use.
  const identity = request.sign ? (loadIdentity(core.layout.root, core.actor) ?? createSelfSignedIdentity(core.layout.root, core.actor, 'Auditor', core.actor)) : null;
  progress('Reading evidence from the vault', 0.2);
  const images = new Map<string, string>();
  const excerpts = new Map<string, string>();
  for (const finding of data.findings) {
    for (const e of finding.evidence) {
      if ((e.mediaType === 'image/png' || e.mediaType === 'image/jpeg') && e.size <= MAX_THUMBNAIL) {
        images.set(e.id, `data:${e.mediaType};base64,${fs.readFileSync(core.vault.objectPath(e.sha256)).toString('base64')}`);
      } else if (e.mediaType.startsWith('text/') || e.mediaType === 'application/json') {
        const text = fs.readFileSync(core.vault.objectPath(e.sha256)).subarray(0, MAX_EXCERPT).toString('utf8');
        excerpts.set(e.id, e.size > MAX_EXCERPT ? `${text}\n…` : text);
      }
    }
  }
  progress('Laying out the pages', 0.4);
  const layoutOptions = {
    reportId,
    kind: request.kind,
    distribution: request.distribution,
    generatedAt: new Date().toISOString(),
    generatedBy: core.actor,
    signer: identity ? { name: identity.name, role: identity.role } : null,
    images,
    excerpts,
    amendments: listAmendments(core, request.auditId),
  };
  const { doc, cited } = buildReport(data, layoutOptions);
  let pdf: Buffer;
  try {
    pdf = await renderPdf(doc);
  } catch (error) {
    // A damaged image must never stop a report: lay it out again without thumbnails.
    if (images.size === 0) throw error;
    images.clear();
    pdf = await renderPdf(buildReport(data, { ...layoutOptions, images }).doc);
  }
  if (identity) {
    progress('Signing', 0.85);
    pdf = await signPdf(pdf, identity, `Release audit report ${reportId}`);
  }
  for (const e of cited) recordCustody(core, e.id, 'exported', `Cited in report ${reportId} (${request.kind}, ${request.distribution}).`);
  progress('Done', 1);
  return { pdf, reportId };
}

export interface ReportVerification extends SignatureCheck {
  reportId: string | null;
  evidence: Array<{ id: string; sha256: string; status: 'ok' | 'missing' | 'changed' | 'not-checked' }>;
  /** Whether the signer is someone this data folder knows: an archived report or a known identity. */
  signerKnown: boolean | null;
  archived: boolean | null;
  problems: string[];
  ok: boolean;
}

/**
 * Checks a report: its signature over every byte; that it was issued from this data folder (its bytes
 * match an archived report) or signed by a certificate known here or named with expectSigner; and that
 * every evidence hash it cites still matches the vault. Anything not checked counts against it.
 */
export async function verifyReport(pdf: Buffer, core: Core | null, expectSigner?: string): Promise<ReportVerification> {
  const signature = checkSignature(pdf);
  const manifest = readManifest(pdf);
  const problems: string[] = [];
  if (signature.problem) problems.push(signature.problem);
  if (!manifest) problems.push('The report carries no list of the evidence it cites.');
  const evidence: ReportVerification['evidence'] = [];
  for (const cited of manifest?.evidence ?? []) {
    if (!core) {
      evidence.push({ ...cited, status: 'not-checked' });
      continue;
    }
    const file = core.vault.objectPath(cited.sha256);
    if (!fs.existsSync(file)) evidence.push({ ...cited, status: 'missing' });
    else evidence.push({ ...cited, status: (await hashFile(file)) === cited.sha256 ? 'ok' : 'changed' });
  }
  if (!core && (manifest?.evidence.length ?? 0) > 0) problems.push('The evidence was not checked: there is no Release Audit data folder here (use --data-dir).');
  for (const e of evidence) if (e.status === 'missing' || e.status === 'changed') problems.push(`Evidence ${e.sha256} is ${e.status === 'missing' ? 'missing from the vault' : 'changed in the vault'}.`);
  let archived: boolean | null = null;
  let signerKnown: boolean | null = null;
  if (core) {
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    archived = Boolean(core.sqlite.prepare('SELECT 1 FROM reports WHERE sha256 = ?').get(sha));
    const known = new Set(
      (core.sqlite.prepare("SELECT DISTINCT certificate_fingerprint AS f FROM reports WHERE certificate_fingerprint <> ''").all() as Array<{ f: string }>).map((r) => r.f),
    );
    for (const identity of listIdentities(core.layout.root)) known.add(identity.fingerprint);
    signerKnown = signature.certificateFingerprint !== null && known.has(signature.certificateFingerprint);
  }
  if (expectSigner) {
    signerKnown = signature.certificateFingerprint === expectSigner.toLowerCase();
    if (!signerKnown) problems.push(`The report was signed by certificate ${signature.certificateFingerprint ?? 'none'}, not ${expectSigner}.`);
  } else if (signature.valid && signerKnown === false && !archived) {
    problems.push(`The signer's certificate (${signature.certificateFingerprint}) is not known in this data folder: the report was not issued here.`);
  } else if (signature.valid && signerKnown === null) {
    problems.push('Who signed it was not checked: give the expected certificate fingerprint with --expect-signer, or a data folder with --data-dir.');
  }
  const ok = signature.valid && problems.length === 0 && evidence.every((e) => e.status === 'ok');
  return { ...signature, reportId: manifest?.reportId ?? null, evidence, signerKnown, archived, problems, ok };
}

interface Manifest {
  reportId: string;
  evidence: Array<{ id: string; sha256: string }>;
}

function readManifest(pdf: Buffer): Manifest | null {
  const text = pdf.toString('latin1');
  const ref = /\/ReleaseAuditManifest\s+(\d+)\s+0\s+R/.exec(text);
  const inline = /\/ReleaseAuditManifest\s*\(([A-Za-z0-9+/=]+)\)/.exec(text);
  let encoded = inline?.[1];
  if (!encoded && ref) encoded = new RegExp(`(?:^|\\s)${ref[1]} 0 obj\\s*\\(([A-Za-z0-9+/=]+)\\)`, 'm').exec(text)?.[1];
  if (!encoded) return null;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Manifest;
  } catch {
    throw new AppError('INTEGRITY', 'The report’s list of evidence is damaged.');
  }
}
