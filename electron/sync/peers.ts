import { AppError } from '../../shared/api/errors';
import type { Core } from '../services';

// The laptops bundles have come from, found by device id, the start of it, or the auditor's name.

export interface PeerRow {
  deviceId: string;
  actor: string;
  fingerprint: string;
  lastBundleAt: string;
  lastImportAt: string;
}

export function listPeerRows(core: Core): PeerRow[] {
  return core.sqlite
    .prepare('SELECT device_id AS deviceId, actor, fingerprint, last_bundle_at AS lastBundleAt, last_import_at AS lastImportAt FROM sync_peers ORDER BY actor, device_id')
    .all() as PeerRow[];
}

export function findPeer(core: Core, wanted: string): PeerRow {
  const peers = listPeerRows(core);
  const text = wanted.trim();
  const exact = peers.filter((p) => p.deviceId === text);
  const matches =
    exact.length > 0
      ? exact
      : peers.filter((p) => (text.length >= 4 && p.deviceId.startsWith(text)) || p.actor.toLowerCase() === text.toLowerCase());
  if (matches.length === 1) return matches[0] as PeerRow;
  if (matches.length > 1) {
    throw new AppError('VALIDATION', `More than one laptop matches "${text}": ${matches.map((p) => `${p.actor} (${p.deviceId})`).join(', ')}. Give the device id.`);
  }
  const known = peers.length > 0 ? ` Known: ${peers.map((p) => `${p.actor} (${p.deviceId})`).join(', ')}.` : '';
  throw new AppError('NOT_FOUND', `No laptop known as "${text}" has sent a bundle here yet, so what it has seen is unknown: export the whole audit instead.${known}`);
}
