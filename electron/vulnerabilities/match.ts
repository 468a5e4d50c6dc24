import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import type { Fact, ImportResult } from '../../shared/api/imports';
import type { MatchOutcome } from '../../shared/api/vulnerabilities';
import { listFacts, recordComputedImport } from '../imports/store';
import type { Progress } from '../jobs/jobs';
import { getRelease } from '../releases/service';
import type { Core } from '../services';
import { databaseStatus, openOsv, recordsFor } from './database';
import { vulnerabilityFact, type MatchedComponent } from './osv-facts';
import { readOsvRecord, type OsvAffected, type OsvRecord } from './osv-record';
import { purlPackage, ecosystemCovers } from './purl';
import { isAffected } from './ranges';
import { ecosystemBase } from './versions/compare';

// Matching a release's components against the OSV database: each component with a purl and a
// version is looked up by ecosystem and package name, and every record whose versions or ranges
// hold its version is a match. The matches are written as one JSON file (the database's hash, then
// one line per match with the record as the database holds it), kept as evidence of kind osv-match
// with one vulnerability fact per match pointing at its line: findings cite it, bundles carry it.
// The same components against the same database give the same file, recorded once.

export const MATCH_SCHEMA = 'release-audit/osv-match@1';
const PURL_IN_TEXT = /pkg:[a-z][a-z0-9.+-]*\/[^\s,;]+/i;

interface Candidate {
  ref: string | null;
  purl: string | null;
  name: string;
  version: string | null;
}

/** The release's components: its SBOM components, and those typed by hand with a purl in their name or notes. */
export function releaseComponents(core: Core, releaseId: string): Candidate[] {
  const out: Candidate[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = listFacts(core, { releaseId, kind: 'sbom-component', offset, limit: 1000 });
    for (const item of page.items) {
      const c = item.fact as Extract<Fact, { kind: 'sbom-component' }>;
      out.push({ ref: c.ref, purl: c.purl, name: c.group ? `${c.group}/${c.name}` : c.name, version: c.version });
    }
    if (offset + 1000 >= page.total) break;
  }
  for (const c of getRelease(core, releaseId).components) {
    const purl = PURL_IN_TEXT.exec(c.name)?.[0] ?? PURL_IN_TEXT.exec(c.notes)?.[0] ?? null;
    out.push({ ref: null, purl, name: c.name, version: c.version || null });
  }
  return out;
}

export interface MatchLine {
  component: MatchedComponent;
  id: string;
  ecosystem: string;
  how: 'versions' | 'range';
  /** False when the ecosystem has no order of its own and the generic order decided. */
  exactOrder: boolean;
  record: unknown;
  /** The record as read, and the affected entry that matched (not written to the file). */
  read?: { record: OsvRecord; entry: OsvAffected };
}

/** The matches of these components (deduplicated by purl), and how many could not be looked up. */
export function matchComponents(core: Core, candidates: Candidate[], signal?: AbortSignal, progress?: Progress): { matches: MatchLine[]; unmatchable: number; components: number; notes: string[] } {
  const seen = new Set<string>();
  const matches: MatchLine[] = [];
  const problems = new Map<string, number>();
  let unmatchable = 0;
  let components = 0;
  const parsed = new Map<string, { raw: unknown; record: OsvRecord }>();
  for (const [i, c] of candidates.entries()) {
    if (signal?.aborted) throw new AppError('VALIDATION', 'The match was cancelled; nothing was recorded.');
    if (i % 500 === 0) progress?.('Matching components', 0.05 + 0.75 * (i / Math.max(1, candidates.length)), { done: i, total: candidates.length });
    if (!c.purl) { unmatchable += 1; continue; }
    const pkg = purlPackage(c.purl);
    if ('problem' in pkg) { unmatchable += 1; problems.set(pkg.problem, (problems.get(pkg.problem) ?? 0) + 1); continue; }
    const version = pkg.version ?? c.version;
    const key = `${pkg.purl}|${version ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    components += 1;
    if (!version) { unmatchable += 1; problems.set('no version to compare', (problems.get('no version to compare') ?? 0) + 1); continue; }
    const component: MatchedComponent = { ref: c.ref, purl: pkg.purl, name: pkg.name, version };
    for (const row of recordsFor(core, ecosystemBase(pkg.ecosystem), pkg.name)) {
      let read = parsed.get(row.id);
      if (!read) {
        const raw: unknown = JSON.parse(row.record);
        read = { raw, record: readOsvRecord(raw) };
        parsed.set(row.id, read);
      }
      const record = read.record;
      for (const position of row.positions) {
        const entry = record.affected[position];
        if (!entry || !ecosystemCovers(entry.ecosystem, pkg.ecosystem)) continue;
        const answer = isAffected(version, entry);
        if (!answer.affected || answer.how === null) continue;
        matches.push({ component, id: record.id, ecosystem: entry.ecosystem, how: answer.how, exactOrder: answer.exactOrder, record: read.raw, read: { record, entry } });
        break;
      }
    }
  }
  const notes = [...problems].map(([why, n]) => `${n} component${n === 1 ? '' : 's'} not matched: ${why}.`);
  if (matches.some((m) => !m.exactOrder)) notes.push('Some matches were decided by the generic version order (ecosystems without an order of their own): check them.');
  return { matches, unmatchable, components, notes };
}

/** The evidence file: header lines, then one match per line. */
export function matchDocument(database: ReturnType<typeof databaseStatus>, release: { id: string; identifier: string }, components: number, matches: MatchLine[]): { text: string; lines: number[] } {
  const head = [
    '{',
    `  "schema": ${JSON.stringify(MATCH_SCHEMA)},`,
    `  "database": ${JSON.stringify({ sha256: database.sha256, records: database.records, modified: database.modified, source: database.source })},`,
    `  "release": ${JSON.stringify(release)},`,
    `  "components": ${components},`,
    '  "matches": [',
  ];
  const body = matches.map(({ read: _read, ...m }, i) => `    ${JSON.stringify(m)}${i < matches.length - 1 ? ',' : ''}`);
  const text = [...head, ...body, '  ]', '}', ''].join('\n');
  return { text, lines: matches.map((_, i) => head.length + i + 1) };
}

export async function matchRelease(core: Core, releaseId: string, options: { signal?: AbortSignal; progress?: Progress } = {}): Promise<{ outcome: MatchOutcome; recorded: ImportOutcome | null }> {
  const release = getRelease(core, releaseId);
  if (!openOsv(core)) throw new AppError('NOT_FOUND', 'This computer has no OSV database yet: import one (a folder or zip of OSV records) first.');
  const database = databaseStatus(core);
  const candidates = releaseComponents(core, releaseId);
  const found = matchComponents(core, candidates, options.signal, options.progress);
  const base = { components: found.components, unmatchable: found.unmatchable, matches: found.matches.length, drafted: 0, notes: found.notes };
  if (found.matches.length === 0) return { outcome: { ...base, importId: null, alreadyRecorded: false }, recorded: null };
  options.progress?.('Recording the matches', 0.85);
  const doc = matchDocument(database, { id: release.id, identifier: release.identifier }, found.components, found.matches);
  const facts = found.matches.map((m, i) => {
    const read = m.read as NonNullable<MatchLine['read']>;
    return vulnerabilityFact(read.record, read.entry, m.component, doc.lines[i] as number);
  });
  const bytes = Buffer.from(doc.text, 'utf8');
  const result: ImportResult = {
    kind: 'osv-match',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    lines: doc.text.split('\n').length - 1,
    detection: { kind: 'osv-match', confidence: 1, reason: `Matched against the OSV database ${database.sha256?.slice(0, 12)}… (${database.records} records).` },
    facts,
    warnings: found.notes,
  };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-osv-'));
  try {
    const file = path.join(folder, 'osv-match.json');
    fs.writeFileSync(file, bytes);
    if (options.signal?.aborted) throw new AppError('VALIDATION', 'The match was cancelled; nothing was recorded.');
    const name = `OSV match of ${release.identifier} (database ${database.sha256?.slice(0, 12)}).json`;
    const recorded = await recordComputedImport(core, file, { auditId: release.auditId, releaseId, name }, result);
    return { outcome: { ...base, importId: recorded.import.id, alreadyRecorded: recorded.alreadyImported }, recorded };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** After an SBOM is imported into a release on a computer holding a database: match the release, saying the outcome in one note. */
export async function matchAfterSbom(core: Core, outcome: ImportOutcome, progress?: Progress): Promise<string[]> {
  const { releaseId, kind, factKinds } = outcome.import;
  if (releaseId === null || kind === 'osv-match' || !(factKinds['sbom-component'] ?? 0) || !openOsv(core)) return [];
  try {
    const { outcome: matched } = await matchRelease(core, releaseId, progress ? { progress: (phase, fraction, count) => progress(phase, 0.9 + fraction * 0.02, count) } : {});
    return [`Matched ${matched.components} components against the OSV database: ${matched.matches} known vulnerabilit${matched.matches === 1 ? 'y' : 'ies'}.`, ...matched.notes];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return [`The components were not matched against the OSV database: ${error.message} Run vulnerabilities.match again.`];
  }
}
