import type Database from 'better-sqlite3';
import type { TemplateVersion } from '../../shared/api/templates';
import type { Core } from '../services';
import { getVersion } from '../templates/service';

// A published template version never changes (its rows are append-only, and a version is the same
// wherever it was published), so each is read and parsed once per open database instead of on every
// checklist result, audit list row and escalation rule: the pinned default template is ~42 KB of JSON.

const cache = new WeakMap<Database.Database, Map<string, { version: TemplateVersion; keys: Set<string> }>>();

function cached(core: Core, versionId: string) {
  let versions = cache.get(core.sqlite);
  if (!versions) {
    versions = new Map();
    cache.set(core.sqlite, versions);
  }
  let found = versions.get(versionId);
  if (!found) {
    const version = getVersion(core, versionId);
    found = { version, keys: new Set(version.content.items.map((i) => i.key)) };
    versions.set(versionId, found);
  }
  return found;
}

/** The published version (NOT_FOUND if there is none with that id), parsed once. Do not mutate it. */
export function pinnedVersion(core: Core, versionId: string): TemplateVersion {
  return cached(core, versionId).version;
}

export function isItemOf(core: Core, versionId: string, itemKey: string): boolean {
  return cached(core, versionId).keys.has(itemKey);
}
