import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';
import { reportAudienceContract, ReportAudience } from './report-audience';

export * from './report-audience';

export const IssuedReport = z.object({
  id: Id,
  auditId: Id,
  reportId: z.string(),
  kind: z.enum(['full', 'summary']),
  distribution: z.enum(['internal', 'external']),
  sha256: z.string(),
  size: z.number().int(),
  signedBy: z.string(),
  certificateFingerprint: z.string(),
  generatedAt: UtcTimestamp,
  generatedBy: z.string(),
  retainUntil: z.string(),
  /** Checked again every time the list is read. */
  signature: z.enum(['valid', 'invalid', 'unsigned', 'missing']),
  /** An external edition's approval, as recorded. */
  approvalId: Id.nullable(),
}).extend(ReportAudience.shape);
export type IssuedReport = z.infer<typeof IssuedReport>;

export const IdentityInfo = z.object({
  name: z.string(),
  role: z.string(),
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  selfSigned: z.boolean(),
});
export type IdentityInfo = z.infer<typeof IdentityInfo>;

/** An auditor who already has an identity gets a new one only when the call says it replaces it. */
const ReplaceFlag = z.boolean().default(false);

const ReportRequest = z.strictObject({
  auditId: Id,
  kind: z.enum(['full', 'summary']).default('full'),
  distribution: z.enum(['internal', 'external']).default('internal'),
  sign: z.boolean().default(true),
});

/** The background work of reports, with its result (followed with jobs.progress). */
export const reportJobs = { 'reports.build': IssuedReport };

export const reportsContract = {
  'reports.generate': defineMethod({
    summary: 'Build a PDF report of an audit, sign it if asked, and archive it in the vault with its retention date.',
    input: ReportRequest,
    output: IssuedReport,
  }),
  'reports.start': defineMethod({
    summary: 'Start building a report in the background; follow it with jobs.progress.',
    input: ReportRequest,
    output: jobHandle('reports.build'),
  }),
  'reports.list': defineMethod({
    summary: "An audit's issued reports, newest first, each with its signature checked again.",
    input: z.strictObject({ auditId: Id }),
    output: z.array(IssuedReport),
  }),
  'identity.get': defineMethod({
    summary: 'The signing identity of this laptop’s auditor, if one is set up.',
    input: z.strictObject({}).default({}),
    output: IdentityInfo.nullable(),
  }),
  'identity.list': defineMethod({
    summary: 'Every signing identity kept in this data folder, with its fingerprint, and which one this auditor signs with.',
    input: z.strictObject({}).default({}),
    /** retiredAt: when another identity replaced it; it is kept so what it signed still verifies. */
    output: z.array(IdentityInfo.extend({ current: z.boolean(), retiredAt: z.string().nullable() })),
  }),
  'identity.use': defineMethod({
    summary: 'Sign as this auditor with another identity already in this data folder (for example a key moved from an older version).',
    input: z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 fingerprint: 64 lowercase hexadecimal digits') }),
    output: IdentityInfo,
  }),
  'identity.create': defineMethod({
    summary: 'Make a key pair and a self-signed X.509 certificate for the auditor (replacing their current one only with replace: true; the old one stays known).',
    startsDataFolder: true,
    input: z.strictObject({ name: requiredText('Name', 200), role: text('Role', 120).default('Auditor'), replace: ReplaceFlag }),
    output: IdentityInfo,
  }),
  'identity.import': defineMethod({
    summary: "Use a PKCS#12 file from the organisation's CA as the signing identity (replacing a current one only with replace: true; the old one stays known).",
    startsDataFolder: true,
    input: z.strictObject({
      p12Base64: z.string().min(1).max(200_000, 'the PKCS#12 file is too large'),
      passphrase: z.string().max(500),
      role: text('Role', 120).default('Auditor'),
      replace: ReplaceFlag,
    }),
    output: IdentityInfo,
  }),
  ...reportAudienceContract,
};
