import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import type { Hub } from './types';

// Who may open the department's read-only view: each viewer has a link whose token is shown once;
// the hub keeps only its SHA-256 (hub_viewers), so a copy of the database opens nothing. A viewer's
// id is the start of that hash: enough to name them, nothing to open the view with.

export interface Viewer {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

const ID_LENGTH = 12;
export const tokenSha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

type Row = { token_sha256: string; name: string; created_by: string; created_at: Date; revoked_at: Date | null };
const toViewer = (row: Row): Viewer => ({
  id: row.token_sha256.slice(0, ID_LENGTH),
  name: row.name,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Makes a viewer and the token of their link (returned here only). */
export async function addViewer(hub: Hub, input: { name: string; by: string }): Promise<{ viewer: Viewer; token: string }> {
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw new AppError('VALIDATION', "Give the viewer's name (1 to 200 characters), for example the CAB or a person's name.");
  const token = randomBytes(32).toString('base64url');
  const row = (
    await hub.database.pool.query('INSERT INTO hub_viewers (token_sha256, name, created_by) VALUES ($1, $2, $3) RETURNING token_sha256, name, created_by, created_at, revoked_at', [
      tokenSha256(token),
      name,
      input.by,
    ])
  ).rows[0] as Row;
  return { viewer: toViewer(row), token };
}

export async function listViewers(hub: Hub): Promise<Viewer[]> {
  const rows = (await hub.database.pool.query('SELECT token_sha256, name, created_by, created_at, revoked_at FROM hub_viewers ORDER BY name, created_at')).rows as Row[];
  return rows.map(toViewer);
}

/** Revokes the viewer named, or with this id: from the next request on, their link and session open nothing. */
export async function revokeViewer(hub: Hub, nameOrId: string): Promise<Viewer[]> {
  const given = nameOrId.trim();
  if (given === '') throw new AppError('VALIDATION', "Give the viewer's name or id (from release-audit hub viewers).");
  const live = (await listViewers(hub)).filter((v) => v.revokedAt === null);
  const byId = /^[0-9a-f]{12}$/i.test(given) ? live.filter((v) => v.id === given.toLowerCase()) : [];
  const chosen = byId.length > 0 ? byId : live.filter((v) => v.name === given);
  if (chosen.length === 0) throw new AppError('NOT_FOUND', `No viewer named or with the id ${given} has a link that still opens the view.`);
  await hub.database.pool.query('UPDATE hub_viewers SET revoked_at = now() WHERE revoked_at IS NULL AND left(token_sha256, $2) = ANY($1::text[])', [chosen.map((v) => v.id), ID_LENGTH]);
  return chosen;
}

/** The viewer a token (or a session's token hash) belongs to, while it is not revoked. */
export async function liveViewer(hub: Hub, hash: string): Promise<Viewer | null> {
  const row = (await hub.database.pool.query('SELECT token_sha256, name, created_by, created_at, revoked_at FROM hub_viewers WHERE token_sha256 = $1', [hash])).rows[0] as Row | undefined;
  return row && row.revoked_at === null ? toViewer(row) : null;
}
