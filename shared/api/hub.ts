// The team hub's wire protocol, shared by the hub (electron/hub/server.ts) and the laptops that sync
// with it (electron/hub/client.ts). Every request but GET /v1/hub is signed with the auditor's own
// signing key (electron/hub/signing.ts); bundles travel exactly as they are written to files.

export const HUB_PROTOCOL = 1;

export const hubPaths = {
  /** Who the hub is: its name, signing key and version. Not signed. */
  info: '/v1/hub',
  /** The audits the caller is on, with their role. */
  audits: '/v1/audits',
  /** How far the hub holds each device's chain of an audit (?audit=ID): a push sends only what is past it. */
  heads: '/v1/heads',
  /** POST a signed bundle of one audit (?audit=ID). */
  push: '/v1/push',
  /** POST {auditId, have}: a bundle of what the caller does not hold yet, or 204. */
  pull: '/v1/pull',
  /** The members of an audit (?audit=ID). */
  members: '/v1/members',
} as const;

export const hubHeaders = {
  certificate: 'x-release-audit-certificate',
  date: 'x-release-audit-date',
  nonce: 'x-release-audit-nonce',
  contentSha256: 'x-release-audit-content-sha256',
  signature: 'x-release-audit-signature',
} as const;

export const memberRoles = ['lead', 'auditor', 'reviewer', 'viewer'] as const;
export type MemberRole = (typeof memberRoles)[number];
/** Roles whose laptops may push work to the hub (a viewer, such as the CAB, only reads). */
export const pushingRoles: readonly MemberRole[] = ['lead', 'auditor', 'reviewer'];

export interface HubInfo {
  protocol: number;
  name: string;
  hubDeviceId: string;
  /** The SHA-256 fingerprint of the key the hub signs its bundles with (64 hex digits). */
  fingerprint: string;
  /** The hub's signing certificate, base64 DER: a laptop trusts it once a person compared the fingerprint. */
  certificate: string;
  appVersion: string;
}

export interface HubAudit {
  id: string;
  name: string;
  status: string;
  role: MemberRole;
}

export interface HubMember {
  auditId: string;
  fingerprint: string;
  name: string;
  role: MemberRole;
  setBy: string;
  setAt: string;
}

export interface HubPushResult {
  bundleId: string;
  alreadyImported: boolean;
  newEntries: number;
  newObjects: number;
  /** How far the hub now holds each device's chain of the audit. */
  heads: Record<string, number>;
}

export interface HubPullRequest {
  auditId: string;
  /** How far the laptop holds each device's chain of the audit (ledger/seen.ts auditHeads). */
  have: Record<string, number>;
}

/** An error as the hub answers it: the app's error body. */
export interface HubErrorBody {
  code: string;
  message: string;
}
