import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { memberRoles } from './hub';
import { jobHandle } from './job-kit';

// This laptop and its team hub: look a hub up (its name and both fingerprints, for a person to
// compare with the administrator's), connect to it, sync with it (a job) by hand or in the
// background, and see who the hub put on an audit. The hub's own wire protocol is shared/api/hub.ts.

const HubAddress = z
  .string()
  .trim()
  .min(1, 'give the hub’s address, such as https://hub.example.org:8443')
  .max(2000, 'is too long for a hub address')
  .refine((text) => /^https:\/\/[^\s/]+/i.test(text), 'must start with https:// (a team hub is reached over HTTPS only)');

const Fingerprint = z
  .string()
  .trim()
  .max(200, 'is too long for a fingerprint')
  .transform((text) => text.replace(/[\s:]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 fingerprint: 64 hex digits (colons and spaces allowed)'));

export const HubProbeResult = z.object({
  url: z.string(),
  name: z.string(),
  hubDeviceId: z.string(),
  appVersion: z.string(),
  /** The hub's signing key (64 hex digits) and the same in AB:CD:… groups for a person to read out. */
  fingerprint: z.string(),
  fingerprintText: z.string(),
  /** The SHA-256 of the hub's TLS certificate, the same two ways. */
  tlsFingerprint: z.string(),
  tlsFingerprintText: z.string(),
});
export type HubProbeResult = z.infer<typeof HubProbeResult>;

const Counts = {
  pushed: z.object({ entries: z.number().int(), newEntries: z.number().int(), objects: z.number().int() }).nullable(),
  pulled: z.object({ newEntries: z.number().int(), newObjects: z.number().int(), conflicts: z.number().int() }).nullable(),
};

/** How one sync went: synced (each audit's counts, and the audits the hub did not take and why), or offline (the hub could not be reached: nothing is lost). */
export const HubSyncReport = z.object({
  at: z.string(),
  outcome: z.enum(['synced', 'offline', 'failed', 'cancelled']),
  /** Why it was offline, failed or cancelled, in plain words. */
  message: z.string().nullable(),
  audits: z.array(z.object({ auditId: z.string(), auditName: z.string(), role: z.enum(memberRoles), ...Counts })),
  notTaken: z.array(z.object({ auditId: z.string(), auditName: z.string(), reason: z.string() })),
});
export type HubSyncReport = z.infer<typeof HubSyncReport>;

export const HubConnection = z.object({
  url: z.string(),
  name: z.string(),
  hubDeviceId: z.string(),
  fingerprint: z.string(),
  tlsFingerprint: z.string(),
  connectedAt: z.string(),
  connectedBy: z.string(),
  background: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastResult: HubSyncReport.nullable(),
});
export type HubConnection = z.infer<typeof HubConnection>;

export const HubStatus = z.object({
  connection: HubConnection.nullable(),
  /** The sync running now (by hand or in the background), to follow with jobs.progress. */
  running: jobHandle('hub.sync').nullable(),
  /** The chosen audit's members as the hub set them (recorded in its ledger), lead first. */
  members: z.array(z.object({ fingerprint: z.string(), name: z.string(), role: z.enum(memberRoles), setBy: z.string(), setAt: z.string() })),
});
export type HubStatus = z.infer<typeof HubStatus>;

/** The background work of the hub (followed with jobs.progress). */
export const hubJobs = { 'hub.sync': HubSyncReport };

export const hubSyncContract = {
  'hub.status': defineMethod({
    summary: 'This laptop’s team hub (or null), its last sync and how it went, the sync running now, and the members of the audit given.',
    input: z.strictObject({ auditId: Id.optional() }).default({}),
    output: HubStatus,
  }),
  'hub.probe': defineMethod({
    summary: 'Look a team hub up without trusting it: its name, signing key fingerprint and TLS certificate fingerprint, to compare with the administrator’s.',
    input: z.strictObject({ url: HubAddress }),
    output: HubProbeResult,
  }),
  'hub.connect': defineMethod({
    summary: 'Connect to a hub after comparing its fingerprints: refused, and nothing stored, unless the hub still shows exactly those two.',
    input: z.strictObject({ url: HubAddress, fingerprint: Fingerprint, tlsFingerprint: Fingerprint }),
    output: HubConnection,
  }),
  'hub.disconnect': defineMethod({
    summary: 'Stop syncing with the team hub (the work on this laptop stays; the hub’s key stays trusted for bundles already imported).',
    input: z.strictObject({}).default({}),
    output: z.object({ disconnected: z.literal(true) }),
  }),
  'hub.setBackground': defineMethod({
    summary: 'Sync with the hub in the background whenever it is reachable (on), or only when asked (off).',
    input: z.strictObject({ enabled: z.boolean() }),
    output: HubConnection,
  }),
  'hub.sync': defineMethod({
    summary: 'Sync every audit you are on with the hub in the background (follow it with jobs.progress); answers the running sync if one is already under way.',
    input: z.strictObject({}).default({}),
    output: jobHandle('hub.sync'),
  }),
};
