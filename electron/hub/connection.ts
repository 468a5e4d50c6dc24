import { X509Certificate } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { HubConnection, HubProbeResult, HubStatus, HubSyncReport } from '../../shared/api/hub-sync';
import { hubConnection } from '../db/hub-schema';
import { utcNow } from '../ids';
import { formatFingerprint } from '../identity/certificate';
import type { Core } from '../services';
import { trustNewKey, trustOfFingerprint } from '../sync/trust';
import { probeHub, type HubEndpoint } from './client';

// This laptop's one team hub (the local table hub_connection, never synced): looked up and connected
// to only after a person compared both fingerprints with the administrator's, then the address, the
// pinned TLS certificate and the hub's signing key every sync uses, and how the last sync went.

const ROW = 'hub';
type Row = typeof hubConnection.$inferSelect;

function readRow(core: Core): Row | null {
  return core.db.select().from(hubConnection).where(eq(hubConnection.id, ROW)).get() ?? null;
}

function parseReport(text: string | null): HubSyncReport | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as HubSyncReport;
  } catch {
    return null;
  }
}

const view = (row: Row): HubConnection => ({
  url: row.url,
  name: row.name,
  hubDeviceId: row.hubDeviceId,
  fingerprint: row.fingerprint,
  tlsFingerprint: row.tlsFingerprint,
  connectedAt: row.connectedAt,
  connectedBy: row.connectedBy,
  background: row.background,
  lastSyncAt: row.lastSyncAt,
  lastResult: parseReport(row.lastResult),
});

export function getConnection(core: Core): HubConnection | null {
  const row = readRow(core);
  return row ? view(row) : null;
}

/** What a sync needs to reach the hub: its address, the pinned TLS certificate, its signing key. */
export function endpointOfConnection(core: Core): HubEndpoint | null {
  const row = readRow(core);
  return row ? { url: row.url, tlsCertificate: row.tlsCertificate, fingerprint: row.fingerprint } : null;
}

export function requireConnection(core: Core): HubEndpoint {
  const endpoint = endpointOfConnection(core);
  if (!endpoint) throw new AppError('NOT_FOUND', 'This laptop is not connected to a team hub: look one up by its address on the Sync screen first.');
  return endpoint;
}

const canonicalUrl = (address: string): string => {
  const url = new URL(address.trim());
  return url.origin + url.pathname.replace(/\/+$/, '');
};

/** The first look at a hub, worded for a person to compare with what the administrator reads out. */
export async function lookUpHub(address: string): Promise<HubProbeResult> {
  const url = canonicalUrl(address);
  const probe = await probeHub(url);
  return {
    url,
    name: probe.info.name,
    hubDeviceId: probe.info.hubDeviceId,
    appVersion: probe.info.appVersion,
    fingerprint: probe.info.fingerprint,
    fingerprintText: formatFingerprint(probe.info.fingerprint),
    tlsFingerprint: probe.tlsFingerprint,
    tlsFingerprintText: formatFingerprint(probe.tlsFingerprint),
  };
}

/**
 * Connects after a person accepted both fingerprints: the hub is asked again, and unless it still
 * shows exactly those two nothing is stored. Its signing key is then trusted as a person's decision
 * (the trust log says who), so the bundles it sends import like a colleague's.
 */
export async function connectHub(core: Core, input: { url: string; fingerprint: string; tlsFingerprint: string }): Promise<HubConnection> {
  const url = canonicalUrl(input.url);
  const existing = readRow(core);
  if (existing && (existing.url !== url || existing.fingerprint !== input.fingerprint)) {
    throw new AppError('CONFLICT', `This laptop is connected to the hub “${existing.name}” at ${existing.url}: disconnect from it first (a laptop syncs with one hub).`);
  }
  const probe = await probeHub(url);
  if (probe.info.fingerprint !== input.fingerprint) {
    throw new AppError('INTEGRITY', `The hub at ${url} now shows the signing key ${formatFingerprint(probe.info.fingerprint)}, not the one you accepted (${formatFingerprint(input.fingerprint)}): nothing was stored. Look it up again and compare with its administrator.`);
  }
  if (probe.tlsFingerprint !== input.tlsFingerprint) {
    throw new AppError('INTEGRITY', `The hub at ${url} now shows the TLS certificate ${formatFingerprint(probe.tlsFingerprint)}, not the one you accepted (${formatFingerprint(input.tlsFingerprint)}): nothing was stored. Look it up again and compare with its administrator.`);
  }
  if (trustOfFingerprint(core, probe.info.fingerprint).trust === 'revoked') {
    throw new AppError('CONFLICT', `The key of the hub “${probe.info.name}” was revoked on this laptop: trust it again under Keys first, if its administrator says it is safe.`);
  }
  const certificateDer = Buffer.from(probe.info.certificate, 'base64');
  const subject = new X509Certificate(certificateDer).subject.replace(/\n/g, ', ');
  const now = utcNow();
  core.sqlite
    .transaction(() => {
      trustNewKey(core, { fingerprint: probe.info.fingerprint, certificateDer, subject }, now);
      const values = { url, name: probe.info.name, hubDeviceId: probe.info.hubDeviceId, fingerprint: probe.info.fingerprint, tlsCertificate: probe.tlsCertificate, tlsFingerprint: probe.tlsFingerprint };
      if (existing) core.db.update(hubConnection).set(values).where(eq(hubConnection.id, ROW)).run();
      else core.db.insert(hubConnection).values({ id: ROW, ...values, connectedAt: now, connectedBy: core.actor, background: true }).run();
    })
    .immediate();
  return getConnection(core) as HubConnection;
}

export function disconnectHub(core: Core): void {
  const removed = core.db.delete(hubConnection).where(eq(hubConnection.id, ROW)).run();
  if (removed.changes === 0) throw new AppError('NOT_FOUND', 'This laptop is not connected to a team hub.');
}

export function setBackground(core: Core, enabled: boolean): HubConnection {
  requireConnection(core);
  core.db.update(hubConnection).set({ background: enabled }).where(eq(hubConnection.id, ROW)).run();
  return getConnection(core) as HubConnection;
}

/** Keeps how a sync went (a connection removed meanwhile keeps nothing). */
export function recordSync(core: Core, report: HubSyncReport): void {
  const values = report.outcome === 'synced' ? { lastSyncAt: report.at, lastResult: JSON.stringify(report) } : { lastResult: JSON.stringify(report) };
  core.db.update(hubConnection).set(values).where(eq(hubConnection.id, ROW)).run();
}

/** The members of an audit as the hub set them (its audit_members records), lead first. */
export function membersOf(core: Core, auditId: string): HubStatus['members'] {
  return core.sqlite
    .prepare(
      `SELECT fingerprint, name, role, set_by AS setBy, set_at AS setAt FROM audit_members WHERE audit_id = ? AND active = 1
       ORDER BY CASE role WHEN 'lead' THEN 0 WHEN 'auditor' THEN 1 WHEN 'reviewer' THEN 2 ELSE 3 END, name`,
    )
    .all(auditId) as HubStatus['members'];
}
